/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/** `/repos/:owner/:repo`: each environment's history as a timeline of outcomes and finding counts. */
import type { StoredCheck } from "../../adapters/d1/store.js";
import type { Environment } from "../../adapters/d1/schema.js";
import { CommitLink, Counts, OutcomeBadge, PullLink, Time } from "./components.js";
import { Layout } from "./layout.js";

export function RepoPage(props: { repo: string; history: Map<Environment, StoredCheck[]> }) {
  return (
    <Layout title={props.repo} signedIn={true}>
      <h1>{props.repo}</h1>
      <p>
        <a href={`/?repo=${encodeURIComponent(props.repo)}`}>Filter recent checks by this repository</a>
      </p>
      {props.history.size === 0 ? <p class="muted">No checks for this repository yet.</p> : null}
      {[...props.history].map(([environment, list]) => (
        <section>
          <h2>{environment}</h2>
          <div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>When</th>
                  <th>Outcome</th>
                  <th>Findings</th>
                  <th>Commit</th>
                  <th class="wide">Ref</th>
                  <th class="wide">PR</th>
                </tr>
              </thead>
              <tbody>
                {list.map((check) => (
                  <tr>
                    <td>
                      <a href={`/checks/${encodeURIComponent(check.id)}`}>
                        <Time ms={check.createdAt} />
                      </a>
                    </td>
                    <td>
                      <OutcomeBadge check={check} />
                    </td>
                    <td>
                      <Counts check={check} />
                    </td>
                    <td>
                      <CommitLink repo={check.repo} sha={check.sha} />
                    </td>
                    <td class="wide">{check.ref ?? ""}</td>
                    <td class="wide">
                      <PullLink repo={check.repo} pr={check.pr} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}
