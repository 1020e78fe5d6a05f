/**
 * What an accepted check says: the `schema-drift` run's title and the Markdown note above its
 * summary, "Drift accepted by @login" with the accepted findings (GitHub renders the summary as
 * Markdown: keys go in code spans, the login is GitHub's own `[A-Za-z0-9-]` name).
 */
import type { StoredAcceptance } from "../../adapters/d1/store.js";
import { code } from "../../core/report/markdown.js";
import type { CheckRunAction } from "../../adapters/github/index.js";

/** The check run's button (GitHub: label ≤ 20, description ≤ 40, identifier ≤ 20 characters). */
export const ACCEPT_DRIFT_ACTION: CheckRunAction = {
  label: "Accept drift",
  description: "Pass this commit with exactly this drift",
  identifier: "accept_drift",
};

/** At most this many keys are listed in the note; the dashboard shows them all. */
const LISTED_KEYS = 50;

export function acceptedTitle(acceptance: Pick<StoredAcceptance, "acceptedBy">, failingTitle: string): string {
  return `drift accepted by @${acceptance.acceptedBy} (${failingTitle})`;
}

/** The note and the rule that separates it from the report under it, in the run's summary. */
export function acceptancePreface(acceptance: StoredAcceptance, detailsUrl: string): string {
  return `${acceptanceNote(acceptance, detailsUrl)}\n---\n\n`;
}

/** The note: who accepted which findings, when, and the link to the dashboard. */
export function acceptanceNote(acceptance: StoredAcceptance, detailsUrl: string): string {
  const when = new Date(acceptance.acceptedAt).toISOString().slice(0, 16).replace("T", " ");
  const keys = acceptance.findingKeys;
  const listed = keys.slice(0, LISTED_KEYS).map((key) => `- ${code(key)}`);
  if (keys.length > LISTED_KEYS) listed.push(`- … and ${keys.length - LISTED_KEYS} more ([all of them](${detailsUrl}))`);
  return [
    `### ✅ Drift accepted by @${acceptance.acceptedBy}`,
    "",
    `@${acceptance.acceptedBy} accepted ${keys.length === 1 ? "this finding" : `these ${keys.length} findings`} for ${code(acceptance.sha.slice(0, 7))} (${acceptance.environment}) on ${when} UTC with "Accept drift". The check passes while the database shows exactly this drift; any other findings fail it again.`,
    "",
    ...listed,
    "",
    `[Details on the dashboard](${detailsUrl})`,
    "",
  ].join("\n");
}
