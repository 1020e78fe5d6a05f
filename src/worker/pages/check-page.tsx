/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/**
 * `/checks/:id`: the summary, the findings by severity (expected vs actual, the fix SQL of each
 * and the migration that would fix it), migration status, the whole fix script in dependency
 * order (core/fix-script.ts), timings, links to the commit, pull request and Vercel deployments,
 * the drift accepted for the commit (accepted-drift.tsx), and for a pull request's check what
 * production will lack when it merges.
 */
import type { StoredCheck, StoredProductionContext, StoredVercelDeployment } from "../../adapters/d1/store.js";
import type { Finding, Severity } from "../../core/findings.js";
import { buildFixScript } from "../../core/fix-script.js";
import { describeValue, fixingMigration } from "../../core/report/describe.js";
import { headlineOf, neonBranchLabel, pendingMigrationsOf } from "./check-headline.js";
import { CommitLink, Counts, OutcomeBadge, Time, commitUrl, pullUrl, repoPageUrl } from "./components.js";
import type { CheckAcceptances } from "../acceptance/conclude.js";
import { AcceptedDrift, DeploymentLinks } from "./accepted-drift.js";
import { Layout } from "./layout.js";
import { PRODUCTION_CONTEXT_HEADING } from "../reporting/production-context.js";

const SEVERITIES: Severity[] = ["error", "warning", "info"];
const SEVERITY_TITLES: Record<Severity, string> = { error: "Errors", warning: "Warnings", info: "Info" };

export function CheckPage(props: { check: StoredCheck; findings: Finding[]; acceptances?: CheckAcceptances; deployments?: StoredVercelDeployment[]; productionContext?: StoredProductionContext | null }) {
  const { check, findings } = props;
  const migrationFindings = findings.filter((finding) => finding.kind === "migration");
  const fixScript = findings.some((finding) => finding.fixSql !== null && finding.fixSql.trim() !== "") ? buildFixScript(findings, { allowDestructive: false }) : null;
  return (
    <Layout title={`${check.repo} ${check.sha.slice(0, 7)}`} signedIn={true}>
      <h1>
        <OutcomeBadge check={check} /> {props.acceptances?.applied ? <span class="badge badge-pass">drift accepted</span> : null}{" "}
        <a href={repoPageUrl(check.repo)}>{check.repo}</a> · {check.environment}
      </h1>
      <Headline check={check} findings={findings} />
      <Summary check={check} deployments={props.deployments ?? []} />
      {check.error ? <ErrorNotice error={check.error} /> : null}
      {props.acceptances ? <AcceptedDrift checkId={check.id} acceptances={props.acceptances} /> : null}

      <h2>Findings</h2>
      {findings.length === 0 ? (
        <p class="muted">{check.status === "completed" ? "No findings." : "Findings appear when the check completes."}</p>
      ) : (
        SEVERITIES.map((severity) => <SeverityGroup severity={severity} findings={findings.filter((finding) => finding.severity === severity)} />)
      )}

      {props.productionContext ? <ProductionContextSection context={props.productionContext} checkFindings={findings} /> : null}

      <h2>Migration status</h2>
      <MigrationStatus check={check} findings={migrationFindings} all={findings} />

      {fixScript ? (
        <section>
          <h2>Fix script</h2>
          <p class="muted">
            Every finding's fix SQL in dependency order ({fixScript.statementCount} statement{fixScript.statementCount === 1 ? "" : "s"}; destructive fixes are left out
            as comments). Review it before running it against the branch.
          </p>
          <pre id="fix-script">{fixScript.script}</pre>
        </section>
      ) : null}

      <h2>Timings</h2>
      <Timings check={check} />
    </Layout>
  );
}

function Summary(props: { check: StoredCheck; deployments: StoredVercelDeployment[] }) {
  const { check } = props;
  return (
    <dl>
      <dt>Repository</dt>
      <dd>
        <a href={repoPageUrl(check.repo)}>{check.repo}</a>
      </dd>
      <dt>Commit</dt>
      <dd>
        <CommitLink repo={check.repo} sha={check.sha} /> <a href={commitUrl(check.repo, check.sha)} class="muted">{check.sha}</a>
      </dd>
      <dt>Ref</dt>
      <dd>{check.ref ?? <span class="muted">none</span>}</dd>
      <dt>Pull request</dt>
      <dd>{check.pr === null ? <span class="muted">none</span> : <a href={pullUrl(check.repo, check.pr)}>#{check.pr}</a>}</dd>
      <dt>Vercel deployment</dt>
      <dd>
        <DeploymentLinks deployments={props.deployments} />
      </dd>
      <dt>Environment</dt>
      <dd>{check.environment}</dd>
      <dt>Neon branch</dt>
      <dd>{neonBranchLabel(check) ?? <span class="muted">not resolved yet</span>}</dd>
      <dt>Status</dt>
      <dd>
        {check.status.replace("_", " ")} (run {check.run}, {check.attempts} attempt{check.attempts === 1 ? "" : "s"}, from {check.source})
      </dd>
      <dt>Findings</dt>
      <dd>
        <Counts check={check} />
      </dd>
      <dt>Started</dt>
      <dd>
        <Time ms={check.createdAt} />
      </dd>
      <dt>Updated</dt>
      <dd>
        <Time ms={check.updatedAt} />
      </dd>
    </dl>
  );
}

/** What the outcome means and what to do next, first thing on the page. */
function Headline(props: { check: StoredCheck; findings: Finding[] }) {
  const headline = headlineOf(props.check, props.findings);
  return (
    <div id="headline" class={props.check.outcome === "fail" || props.check.outcome === "error" ? "notice" : "finding"}>
      <strong>{headline.title}</strong>
      {headline.next ? <p>Next: {headline.next}</p> : null}
    </div>
  );
}

function ErrorNotice(props: { error: NonNullable<StoredCheck["error"]> }) {
  return (
    <div class="notice" role="alert">
      <strong>Could not check ({props.error.kind}):</strong> {props.error.message}
      {props.error.hint ? <p>{props.error.hint}</p> : null}
    </div>
  );
}

function SeverityGroup(props: { severity: Severity; findings: Finding[] }) {
  if (props.findings.length === 0) return null;
  return (
    <section>
      <h3 class={`sev-${props.severity}`}>
        {SEVERITY_TITLES[props.severity]} ({props.findings.length})
      </h3>
      {props.findings.map((finding) => (
        <FindingCard finding={finding} />
      ))}
    </section>
  );
}

/**
 * A PR check's comparison with production (context only: never part of the outcome above).
 * Findings already shown above (same code and object) are counted, not repeated.
 */
function ProductionContextSection(props: { context: StoredProductionContext; checkFindings: Finding[] }) {
  const { context } = props;
  if (context.kind === "failed") {
    return (
      <section id="production-context">
        <h2>{PRODUCTION_CONTEXT_HEADING}</h2>
        <p class="muted">Could not compare with production: {context.message}</p>
      </section>
    );
  }
  const total = context.findings.length + context.omitted;
  const shownAbove = new Set(props.checkFindings.map((finding) => `${finding.code} ${finding.object}`));
  const onlyProduction = context.findings.filter((finding) => !shownAbove.has(`${finding.code} ${finding.object}`));
  const alsoAbove = context.findings.length - onlyProduction.length;
  return (
    <section id="production-context">
      <h2>{PRODUCTION_CONTEXT_HEADING}</h2>
      <p class="muted">
        The production branch <code>{context.branchName}</code>
        {context.database ? (
          <>
            {" "}
            (database <code>{context.database}</code>)
          </>
        ) : null}{" "}
        compared with this pull request's expected schema
        {total === 0 ? ": it has everything the code expects" : `: ${total} finding${total === 1 ? "" : "s"} at warning or above`}
        {context.infoCount > 0 ? ` (${context.infoCount} info not shown)` : ""}. This is context: it does not change the check's outcome.
      </p>
      {alsoAbove > 0 ? (
        <p>
          {alsoAbove === 1 ? "One finding above applies" : `${alsoAbove} findings above apply`} to production too.
        </p>
      ) : null}
      {onlyProduction.map((finding) => (
        <FindingCard finding={finding} />
      ))}
      {context.omitted > 0 ? <p class="muted">{context.omitted} more not kept (size limit).</p> : null}
    </section>
  );
}

function FindingCard(props: { finding: Finding }) {
  const { finding } = props;
  return (
    <div class="finding">
      <div>
        <strong class={`sev-${finding.severity}`}>{finding.code}</strong> <code>{finding.object}</code>
      </div>
      <p>{finding.message}</p>
      {finding.expected !== null || finding.actual !== null ? (
        <dl>
          <dt>Expected (code)</dt>
          <dd>
            <Value value={finding.expected} />
          </dd>
          <dt>Actual (database)</dt>
          <dd>
            <Value value={finding.actual} />
          </dd>
        </dl>
      ) : null}
      {fixingMigration(finding) ? (
        <p>
          Fixed by the pending migration <code>{fixingMigration(finding)}</code>: apply the migrations to this branch.
        </p>
      ) : null}
      {finding.fixSql ? (
        <>
          <div class="muted">Fix SQL</div>
          <pre class="fix-sql">{finding.fixSql}</pre>
        </>
      ) : null}
    </div>
  );
}

function Value(props: { value: unknown }) {
  const { value } = props;
  if (value === null || value === undefined) return <span class="muted">absent</span>;
  // The CLI's readable form (`integer NOT NULL DEFAULT 0`, `migration 0002_x applied …`), not JSON.
  return <code>{describeValue(value)}</code>;
}

/** A summary only: the migration findings themselves are listed once, with the others above. */
function MigrationStatus(props: { check: StoredCheck; findings: Finding[]; all: Finding[] }) {
  const pending = pendingMigrationsOf(props.all);
  if (props.check.status !== "completed" || props.check.outcome === "error") {
    return <p class="muted">Unknown: the check did not complete.</p>;
  }
  return (
    <>
      {props.findings.length === 0 ? (
        <p>No migration findings: the migrations recorded on the branch match the drizzle folder.</p>
      ) : (
        <p>
          {props.findings.length === 1 ? "One migration finding" : `${props.findings.length} migration findings`} (
          {[...new Set(props.findings.map((finding) => finding.code))].join(", ")}), listed above.
        </p>
      )}
      {pending.length > 0 ? (
        <p>
          Pending migrations:{" "}
          {pending.map((name, index) => (
            <>
              {index > 0 ? ", " : ""}
              <code>{name}</code>
            </>
          ))}
        </p>
      ) : null}
    </>
  );
}

function Timings(props: { check: StoredCheck }) {
  const entries = Object.entries(props.check.timings ?? {}).filter((entry): entry is [string, number] => typeof entry[1] === "number");
  if (entries.length === 0) return <p class="muted">No timings recorded.</p>;
  return (
    <table>
      <tbody>
        {entries.map(([stage, value]) => (
          <tr>
            {/* Stages ending in `Ms` are durations; the others are counts (e.g. githubRequests). */}
            <th>{stage.endsWith("Ms") ? stage.slice(0, -2) : stage}</th>
            <td>{stage.endsWith("Ms") ? `${Math.round(value)} ms` : String(value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
