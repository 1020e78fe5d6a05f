/** @jsxRuntime automatic @jsxImportSource hono/jsx */
/** Small pieces shared by the pages: badges, links to GitHub and to our own pages, times. */
import type { StoredCheck } from "../../adapters/d1/store.js";

/** What a check's badge says: its outcome once completed, else its status. */
export function badgeOf(check: Pick<StoredCheck, "status" | "outcome">): { label: string; tone: "pass" | "fail" | "error" | "pending" } {
  if (check.status === "completed" && check.outcome) return { label: check.outcome, tone: check.outcome };
  return { label: check.status.replace("_", " "), tone: "pending" };
}

export function OutcomeBadge(props: { check: Pick<StoredCheck, "status" | "outcome"> }) {
  const badge = badgeOf(props.check);
  return <span class={`badge badge-${badge.tone}`}>{badge.label}</span>;
}

/** `owner/name` → its path segments encoded, for URLs. */
function repoPath(repo: string): string {
  return repo.split("/").map(encodeURIComponent).join("/");
}

export function repoPageUrl(repo: string): string {
  return `/repos/${repoPath(repo)}`;
}

export function commitUrl(repo: string, sha: string): string {
  return `https://github.com/${repoPath(repo)}/commit/${encodeURIComponent(sha)}`;
}

export function pullUrl(repo: string, pr: number): string {
  return `https://github.com/${repoPath(repo)}/pull/${pr}`;
}

export function CommitLink(props: { repo: string; sha: string }) {
  return (
    <a href={commitUrl(props.repo, props.sha)}>
      <code>{props.sha.slice(0, 7)}</code>
    </a>
  );
}

export function PullLink(props: { repo: string; pr: number | null }) {
  return props.pr === null ? <span class="muted">none</span> : <a href={pullUrl(props.repo, props.pr)}>#{props.pr}</a>;
}

/** UTC, minute precision: the same on every device, short enough for a phone. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function Time(props: { ms: number }) {
  return <time datetime={new Date(props.ms).toISOString()}>{formatTime(props.ms)}</time>;
}

export function Counts(props: { check: Pick<StoredCheck, "errorCount" | "warningCount" | "infoCount"> }) {
  const { errorCount, warningCount, infoCount } = props.check;
  return (
    <span>
      <span class="sev-error">{errorCount} error{errorCount === 1 ? "" : "s"}</span>
      {", "}
      <span class="sev-warning">{warningCount} warning{warningCount === 1 ? "" : "s"}</span>
      {", "}
      <span class="sev-info">{infoCount} info</span>
    </span>
  );
}
