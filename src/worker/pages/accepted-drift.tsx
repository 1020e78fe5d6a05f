/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * Parts of `/checks/:id` for issue 5: the drift someone accepted with "Accept drift" (who, when,
 * which findings) next to the check's own outcome, which stays `fail`; and links to the Vercel
 * deployments of the check.
 */
import type { StoredAcceptance, StoredVercelDeployment } from "../../adapters/d1/store.js";
import type { CheckAcceptances } from "../acceptance/conclude.js";
import { Time } from "./components.js";

export function AcceptedDrift(props: { checkId: string; acceptances: CheckAcceptances }) {
  const { applied, others } = props.acceptances;
  if (!applied && others.length === 0) return null;
  return (
    <section id="accepted-drift">
      <h2>Accepted drift</h2>
      {applied ? (
        <div class="finding">
          <p>
            <span class="badge badge-pass">accepted</span> by <Login login={applied.acceptedBy} /> on <Time ms={applied.acceptedAt} />
            {applied.checkId === props.checkId ? null : (
              <>
                {" "}
                (on <a href={`/checks/${encodeURIComponent(applied.checkId)}`}>another run</a> of this commit)
              </>
            )}
          </p>
          <p class="muted">
            The check failed on exactly these findings, which were accepted for this commit: its GitHub check run passes. Any other findings fail it again.
          </p>
          <Keys acceptance={applied} />
        </div>
      ) : null}
      {others.length > 0 ? (
        <>
          <p class="muted">
            {others.length === 1 ? "An acceptance" : `${others.length} acceptances`} of other findings for this commit {others.length === 1 ? "does" : "do"} not apply to this check:
          </p>
          {others.map((acceptance) => (
            <div class="finding">
              <p>
                by <Login login={acceptance.acceptedBy} /> on <Time ms={acceptance.acceptedAt} /> (<a href={`/checks/${encodeURIComponent(acceptance.checkId)}`}>that check</a>)
              </p>
              <Keys acceptance={acceptance} />
            </div>
          ))}
        </>
      ) : null}
    </section>
  );
}

function Login(props: { login: string }) {
  return <a href={`https://github.com/${encodeURIComponent(props.login)}`}>@{props.login}</a>;
}

function Keys(props: { acceptance: StoredAcceptance }) {
  return (
    <ul>
      {props.acceptance.findingKeys.map((key) => (
        <li>
          <code>{key}</code>
        </li>
      ))}
    </ul>
  );
}

/** `https://<deployment url>`: Vercel stores the host without a scheme. */
export function deploymentUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url.replace(/^http:/i, "https:") : `https://${url}`;
}

export function DeploymentLinks(props: { deployments: StoredVercelDeployment[] }) {
  if (props.deployments.length === 0) return <span class="muted">none</span>;
  return (
    <>
      {props.deployments.map((deployment, index) => {
        const about = [deployment.environment, deployment.state].filter((part) => part !== null && part !== "unknown").join(", ");
        return (
          <>
            {index > 0 ? <br /> : null}
            {deployment.url ? <a href={deploymentUrl(deployment.url)}>{deployment.url.replace(/^https?:\/\//i, "")}</a> : <code>{deployment.id}</code>}
            {about ? <span class="muted"> ({about})</span> : null}
          </>
        );
      })}
    </>
  );
}
