/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * The page frame: one inline stylesheet (no external assets, no JavaScript), readable on a phone
 * (viewport meta, fluid width, wide tables and SQL scroll inside their own box).
 */
import type { Child } from "hono/jsx";
import { raw } from "hono/html";

// A constant, never data: safe to emit unescaped (the `>` of selectors would otherwise be escaped).
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f8fa}
header{background:#1b1f24;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600}
header form{margin-left:auto}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.2rem 0 1rem;overflow-wrap:anywhere}
h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
h3{font-size:1rem;margin:1rem 0 .4rem;overflow-wrap:anywhere}
a{color:#0550ae}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
code,p,li,strong,.finding{overflow-wrap:anywhere}
#headline{margin:0 0 1rem}#headline p{margin:.3rem 0 0}
pre{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.6rem;overflow-x:auto;user-select:all;-webkit-user-select:all;white-space:pre}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top}
th{font-size:.85rem;color:#57606a}
td{overflow-wrap:anywhere}
td time{white-space:nowrap}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
dt{color:#57606a}
dd{margin:0;overflow-wrap:anywhere}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.8rem;font-weight:600;border:1px solid transparent;white-space:nowrap}
.badge-pass{background:#dafbe1;color:#116329;border-color:#4ac26b}
.badge-fail{background:#ffebe9;color:#a40e26;border-color:#ff8182}
.badge-error{background:#fff8c5;color:#7d4e00;border-color:#d4a72c}
.badge-pending{background:#eaeef2;color:#424a53;border-color:#afb8c1}
.sev-error{color:#a40e26}.sev-warning{color:#7d4e00}.sev-info{color:#424a53}
.finding{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
.muted{color:#57606a;font-size:.9rem}
.notice{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:.6rem .8rem}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}
label{display:flex;flex-direction:column;font-size:.85rem;color:#57606a;gap:.15rem}
input,select,button{font:inherit;padding:.35rem .5rem;border:1px solid #afb8c1;border-radius:6px;background:#fff;color:#1b1f24}
button{cursor:pointer;background:#1f883d;color:#fff;border-color:#1a7f37}
header button{background:transparent;border-color:#57606a;color:#fff;padding:.2rem .6rem}
.signin{max-width:24rem;margin:3rem auto;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:1.2rem}
.signin form{display:flex;flex-direction:column;gap:.8rem}
@media (max-width:40rem){main{padding:.6rem}th.wide,td.wide{display:none}dl{grid-template-columns:1fr}dt{margin-top:.3rem}pre{white-space:pre-wrap;overflow-wrap:anywhere}}
`;

export function Layout(props: { title: string; signedIn: boolean; children?: Child }) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="same-origin" />
          <title>{`${props.title} · driftcheck`}</title>
          <style>{raw(CSS)}</style>
        </head>
        <body>
          <header>
            <a href="/">driftcheck</a>
            {props.signedIn ? (
              <form method="post" action="/sign-out">
                <button type="submit">Sign out</button>
              </form>
            ) : null}
          </header>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}

/**
 * Headers of every dashboard page: no scripts at all, styles only inline, forms only to us, never
 * framed, never cached (pages show private data).
 */
export const PAGE_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
  "Cache-Control": "no-store",
};
