/**
 * Raw file bytes, as text. `Accept: application/vnd.github.raw+json` makes GitHub answer with the
 * bytes instead of base64 JSON. A blob sha names its content forever, so callers cache per sha.
 * https://docs.github.com/en/rest/git/blobs#get-a-blob
 * https://docs.github.com/en/rest/repos/contents#get-repository-content
 */
import { repoPath, type GitHubHttp } from "./http.js";
import type { RepoRef } from "./types.js";

export const RAW_MEDIA_TYPE = "application/vnd.github.raw+json";

/**
 * Decode the raw bytes ourselves: `Response.text()` strips a UTF-8 BOM (and workerd warns about
 * non-text content types), but drizzle hashes the file with its BOM, so the text must keep it.
 */
async function rawText(response: Response): Promise<string> {
  return new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(await response.arrayBuffer());
}

export async function getBlobText(http: GitHubHttp, ref: RepoRef, blobSha: string): Promise<string> {
  const response = await http.request("GET", `${repoPath(ref.owner, ref.repo)}/git/blobs/${encodeURIComponent(blobSha)}`, {
    accept: RAW_MEDIA_TYPE,
  });
  return rawText(response);
}

/** A file at a commit or branch, or null when there is no such file (404). */
export async function getFileTextAtRef(http: GitHubHttp, ref: RepoRef, path: string, gitRef: string): Promise<string | null> {
  const encodedPath = path.split("/").filter((part) => part !== "").map(encodeURIComponent).join("/");
  const response = await http.request("GET", `${repoPath(ref.owner, ref.repo)}/contents/${encodedPath}`, {
    accept: RAW_MEDIA_TYPE,
    query: { ref: gitRef },
    passStatuses: [404],
  });
  if (response.status === 404) {
    await response.body?.cancel();
    return null;
  }
  return rawText(response);
}
