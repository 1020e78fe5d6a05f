/**
 * The sticky PR comment (one per pull request, found by the hidden `<!-- driftcheck -->` marker;
 * its id and body digest stored in D1). Created only when a check has findings at warning or
 * above — on the preview branch, or on production in the PR's production context (a preview that
 * matches while production lacks what the PR expects is what breaks the deploy after the merge),
 * unless production's own check already reported those findings (drift the PR did not cause);
 * updated in place, and not sent at all when the body is unchanged; when a later check is clean
 * on both, an existing comment is marked resolved (never created just to say so); clean on the
 * preview while production could not be compared, it says that instead. Checks that could not
 * run leave the comment alone: the check run says why. So does a check of a commit that is no
 * longer the PR's head (a late or redelivered `synchronize`): GitHub is asked for the current head
 * before the comment is touched (one request), so the head's verdict is never overwritten by an
 * older commit's; when GitHub does not show the pull request, the comment is written as before.
 */
import { getPrComment, savePrComment, type Db } from "../../adapters/d1/store.js";
import type { GitHubClient, RepoRef } from "../../adapters/github/index.js";
import type { CheckResult } from "../../core/check.js";
import { code, renderMarkdown } from "../../core/report/markdown.js";
import { isWarningOrAbove } from "../../core/findings.js";
import { hasNewProductionDrift, type ProductionContext } from "../check-job/production-context.js";
import { renderProductionContext, withProductionContext } from "./production-context.js";

export type CommentAction = "created" | "updated" | "unchanged" | "absent" | "skipped" | "stale";

export interface PrCommentTarget {
  client: GitHubClient;
  repo: RepoRef;
  repoName: string;
  pr: number;
  sha: string;
  detailsUrl: string;
  /** The PR check's comparison with production, appended to a findings comment. */
  productionContext?: ProductionContext | null;
}

export async function reportOnPullRequest(target: PrCommentTarget, result: CheckResult, db: Db, now: () => number): Promise<CommentAction> {
  if (result.verdict === "error") return "skipped";
  const stored = await getPrComment(db, target.repoName, target.pr);
  const context = target.productionContext ?? null;
  const previewBlocking = result.findings.some(isWarningOrAbove);
  const productionBlocking = context?.kind === "compared" && context.result.findings.some(isWarningOrAbove);
  // Production alone starts a comment only with drift this PR adds (not what production already had).
  const creates = previewBlocking || (context?.kind === "compared" && productionBlocking && (await hasNewProductionDrift(db, target.repoName, context.result.findings)));
  if (!creates && stored === null) return "skipped";
  // Asked only when the comment would change: deliveries arrive out of order, GitHub knows the head.
  const head = await target.client.getPullRequestHead(target.repo, target.pr);
  if (head !== null && head.sha !== target.sha.toLowerCase()) return "stale";

  // Clean here but production unknown: an existing comment says so rather than "resolved" (or
  // keeping an old failure); it is resolved once production can be compared again.
  const body = previewBlocking
    ? findingsBody(target, result)
    : context !== null && (productionBlocking || context.kind === "failed")
      ? productionBody(target, context)
      : resolvedBody(target);
  const outcome = await target.client.upsertStickyComment(target.repo, {
    issueNumber: target.pr,
    body,
    ...(stored ? { knownCommentId: stored.commentId, knownDigest: stored.bodyDigest } : {}),
    updateOnly: !creates,
  });
  if (outcome.commentId !== null && outcome.action !== "unchanged") {
    await savePrComment(db, { repo: target.repoName, pr: target.pr, commentId: outcome.commentId, bodyDigest: outcome.digest }, now());
  }
  return outcome.action;
}

/** The preview branch is clean; production lacks something, or could not be compared. */
function productionBody(target: PrCommentTarget, context: ProductionContext): string {
  const heading =
    context.kind === "compared" ? "### ⚠️ driftcheck: production lacks what this pull request expects" : "### driftcheck: preview clean, production not compared";
  return `${heading}\n\nThe preview branch has everything the code at \`${target.sha.slice(0, 7)}\` expects.\n\n${renderProductionContext(context).trimEnd()}\n\n<sub>[details](${target.detailsUrl})</sub>\n`;
}

function findingsBody(target: PrCommentTarget, result: CheckResult): string {
  return `${withProductionContext(renderMarkdown(result), target.productionContext ?? null).trimEnd()}\n\n<sub>Commit \`${target.sha.slice(0, 7)}\` · [details](${target.detailsUrl})</sub>\n`;
}

function resolvedBody(target: PrCommentTarget): string {
  const context = target.productionContext;
  const branches = context?.kind === "compared" ? `the preview branch and production (${code(context.branchName)}) have` : "the database branch has";
  return `### ✅ driftcheck: resolved\n\nThe schema drift reported earlier is gone: ${branches} everything the code at \`${target.sha.slice(0, 7)}\` expects.\n\n<sub>[details](${target.detailsUrl})</sub>\n`;
}
