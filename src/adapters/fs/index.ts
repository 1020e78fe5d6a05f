/**
 * FileSource over a folder on local disk (the CLI's drizzle `out` folder).
 * Paths are relative to the folder and use `/`; a path that climbs out of it is refused, so a
 * journal cannot make us read arbitrary files. A file over its size limit (core/input-limits.ts)
 * is refused from its `stat`, before a byte of it is read.
 */
import { createHash } from "node:crypto";
import { open, readdir, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { DriftcheckError } from "../../core/errors.js";
import type { FileSource } from "../../core/port.js";
import { checkFileSize } from "../../core/input-limits.js";

export function createDiskFileSource(dir: string, label: string = dir): FileSource {
  const root = resolve(dir);

  const pathOf = (path: string): string => {
    const full = resolve(root, ...path.split("/").filter((part) => part !== ""));
    const rel = relative(root, full);
    if (rel.startsWith("..") || isAbsolute(rel)) {
      throw new DriftcheckError("user", `${label}: refusing to read "${path}", which is outside the drizzle folder.`, {
        hint: "Migration paths in the journal must stay inside the drizzle folder.",
      });
    }
    return full;
  };

  return {
    async readText(path) {
      const full = pathOf(path);
      let handle;
      try {
        handle = await open(full, "r");
      } catch (error) {
        if (isMissing(error)) return null;
        throw unreadable(label, path, error);
      }
      try {
        let size: number;
        try {
          size = (await handle.stat()).size;
        } catch (error) {
          throw unreadable(label, path, error);
        }
        checkFileSize(`${label}/${path}`, path, size);
        try {
          return await handle.readFile("utf8");
        } catch (error) {
          throw unreadable(label, path, error);
        }
      } finally {
        await handle.close();
      }
    },
    async list(path) {
      try {
        const entries = await readdir(pathOf(path));
        return entries.sort();
      } catch (error) {
        if (isMissing(error)) return [];
        throw unreadable(label, path, error);
      }
    },
    async size(path) {
      try {
        const info = await stat(pathOf(path));
        return info.isFile() ? info.size : null;
      } catch (error) {
        if (isMissing(error)) return null;
        throw unreadable(label, path, error);
      }
    },
    describe() {
      return label;
    },
    sha256Hex: nodeSha256Hex,
  };
}

/** Native and synchronous: cheaper in Node than WebCrypto's thread-pool job per migration file (FileSource.sha256Hex). */
export function nodeSha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function unreadable(label: string, path: string, error: unknown): DriftcheckError {
  const code = (error as { code?: string } | null)?.code ?? "unknown error";
  const where = path === "" ? label : `${label}/${path}`;
  return new DriftcheckError("user", `Cannot read ${where} (${code}).`, {
    hint: "Check that the drizzle folder exists and is readable.",
    cause: error,
  });
}
