/**
 * Many blob texts in one request: GitHub's GraphQL API answers one aliased `object(oid:)` per blob
 * (`repository { b0: object(oid: "…") { ... on Blob { text isTruncated isBinary } } … }`), where
 * the REST API needs a request per blob. GraphQL's `text` is cut for large blobs (`isTruncated`)
 * and null for binary ones: those come back as null here and the caller reads them over REST.
 * https://docs.github.com/en/graphql/reference/objects#blob
 */
import { DriftcheckError } from "../../core/errors.js";
import type { GitHubHttp } from "./http.js";
import type { RepoRef } from "./types.js";

/** Aliases per query: keeps a query and its answer small (GitHub limits a query's node count). */
export const GRAPHQL_BATCH_MAX_BLOBS = 100;
/** Bytes of blob text per query, so one answer stays a few MiB. */
export const GRAPHQL_BATCH_MAX_BYTES = 4 * 1024 * 1024;
/** Larger blobs are read over REST (raw bytes) rather than risk a truncated `text`. */
export const GRAPHQL_BLOB_MAX_BYTES = 256 * 1024;

const QUERY_HEAD = "query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {";

interface BlobAnswer {
  text?: string | null;
  isTruncated?: boolean;
  isBinary?: boolean;
}

/** Texts by blob sha; null for a blob GraphQL did not give whole (truncated, binary, missing). */
export async function getBlobTextsGraphQL(http: GitHubHttp, ref: RepoRef, blobShas: readonly string[]): Promise<Map<string, string | null>> {
  const texts = new Map<string, string | null>();
  if (blobShas.length === 0) return texts;
  const fields = blobShas.map((sha, index) => {
    if (!/^[0-9a-f]{40}$/.test(sha)) throw new DriftcheckError("internal", `Not a blob sha: ${JSON.stringify(sha)}.`);
    return ` b${index}: object(oid: "${sha}") { ... on Blob { text isTruncated isBinary } }`;
  });
  const body = await http.json<{ data?: { repository?: Record<string, BlobAnswer | null> | null } | null; errors?: { message?: string }[] }>("POST", "/graphql", {
    body: { query: `${QUERY_HEAD}${fields.join("")} } }`, variables: { owner: ref.owner, name: ref.repo } },
  });
  const repository = body.data?.repository;
  if (body.errors?.length || !repository) {
    const message = body.errors?.map((error) => error.message ?? "?").join("; ") ?? "no repository in the answer";
    throw new DriftcheckError("connection", `GitHub GraphQL blob query for ${ref.owner}/${ref.repo} failed: ${message}`, { transient: true });
  }
  blobShas.forEach((sha, index) => {
    const answer = repository[`b${index}`];
    texts.set(sha, answer && typeof answer.text === "string" && !answer.isTruncated && !answer.isBinary ? answer.text : null);
  });
  return texts;
}
