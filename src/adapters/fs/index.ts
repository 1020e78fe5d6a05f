/**
 * FileSource over a folder on local disk (the CLI's drizzle `out` folder).
 * Paths are relative to the folder and use `/`; a path that climbs out of it is refused, so a
 * journal cannot make us read arbitrary files. Only regular files are read: a symbolic link
 * (which could point anywhere, `/etc/passwd` included), a FIFO (which would block forever) or a
 * device is refused with the reason, and so is a path whose folders lead outside through a link.
 * A file over its size limit (core/input-limits.ts) is refused from its `stat`, before a byte of
 * it is read.
 */
import { createHash } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { lstat, open, readdir, realpath } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
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

  // The folder itself may be reached through a link; what is inside it may not lead out of it.
  let realRoot: Promise<string> | undefined;
  const insideRealFolder = async (path: string, dirPath: string): Promise<void> => {
    realRoot ??= realpath(root);
    const [top, real] = await Promise.all([realRoot, realpath(dirPath)]);
    if (real !== top && !real.startsWith(top.endsWith(sep) ? top : `${top}${sep}`)) {
      throw refused(label, path, "its folder is a symbolic link that leads outside the drizzle folder");
    }
  };

  return {
    async readText(path) {
      try {
        const full = pathOf(path);
        await insideRealFolder(path, dirname(full));
        return await readRegularFile(full, label, path);
      } catch (error) {
        if (error instanceof DriftcheckError) throw error;
        if (isMissing(error)) return null;
        throw unreadable(label, path, error);
      }
    },
    async list(path) {
      try {
        const full = pathOf(path);
        await insideRealFolder(path, full);
        const entries = await readdir(full);
        return entries.sort();
      } catch (error) {
        if (error instanceof DriftcheckError) throw error;
        if (isMissing(error)) return [];
        throw unreadable(label, path, error);
      }
    },
    async size(path) {
      try {
        // lstat: a link is not a regular file (reading it is refused), so it has no size here.
        const info = await lstat(pathOf(path));
        return info.isFile() ? info.size : null;
      } catch (error) {
        if (error instanceof DriftcheckError) throw error;
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

/**
 * Opens without following a final symbolic link and without blocking on a FIFO, then reads only
 * if what was opened is a regular file (checked on the open descriptor, so it cannot be swapped).
 */
async function readRegularFile(full: string, label: string, path: string): Promise<string> {
  let handle;
  try {
    handle = await open(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as { code?: string } | null)?.code === "ELOOP") throw refused(label, path, "it is a symbolic link");
    throw error;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw refused(label, path, `it is ${kindOf(stat)}, not a regular file`);
    checkFileSize(`${label}/${path}`, path, stat.size);
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "something else";
}

function refused(label: string, path: string, reason: string): DriftcheckError {
  const where = path === "" ? label : `${label}/${path}`;
  return new DriftcheckError("user", `Refused to read ${where}: ${reason}. driftcheck reads only regular files inside the drizzle folder.`, {
    hint: "Put the file itself in the drizzle folder (not a link, pipe or device).",
  });
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function unreadable(label: string, path: string, error: unknown): DriftcheckError {
  const code = (error as { code?: string } | null)?.code ?? (error instanceof Error ? error.message : String(error));
  const where = path === "" ? label : `${label}/${path}`;
  return new DriftcheckError("user", `Cannot read ${where} (${code}).`, {
    hint: "Check that the drizzle folder exists and is readable.",
    cause: error,
  });
}
