/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/** `GET /sign-in`: one password field for the dashboard token; works without JavaScript. */
import { Layout } from "./layout.js";

export function SignInPage(props: { next: string; problem?: string | undefined }) {
  return (
    <Layout title="Sign in" signedIn={false}>
      <div class="signin">
        <h1>Sign in</h1>
        {props.problem ? (
          <p class="notice" role="alert">
            {props.problem}
          </p>
        ) : null}
        <form method="post" action="/sign-in">
          <input type="hidden" name="next" value={props.next} />
          <label>
            Dashboard token
            <input type="password" name="token" autocomplete="current-password" required />
          </label>
          <button type="submit">Sign in</button>
        </form>
        <p class="muted">The token is the Worker's DASHBOARD_TOKEN secret (or API_TOKEN when that is not set).</p>
      </div>
    </Layout>
  );
}
