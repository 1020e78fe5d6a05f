/**
 * The default scratch database for replay: an in-memory PGlite, thrown away afterwards.
 * Only the extensions asked for are loaded (each costs start-up time); `availableExtensions`
 * says which of them PGlite really had, so the replay can skip the rest with a note.
 */
import { openPGlite } from "../pglite/index.js";
import { PGLITE_EXTENSIONS } from "../pglite/extensions.js";
import { databaseError } from "../../core/sql/database-error.js";
import { DriftcheckError } from "../../core/errors.js";
import type { OpenedScratch } from "./types.js";

export interface PGliteScratchOptions {
  /** Load pgvector (kept for callers that predate `extensions`). */
  vector?: boolean;
  /** `CREATE EXTENSION` names the replay may create; those PGlite does not ship are ignored. */
  extensions?: string[];
}

export async function openPGliteScratch(options: PGliteScratchOptions = {}): Promise<OpenedScratch> {
  const names = [...(options.extensions ?? []), ...(options.vector ? ["vector"] : [])];
  const { db, executor } = await openPGlite({ extensions: names });
  const loaded = new Set(names.filter((name) => Object.hasOwn(PGLITE_EXTENSIONS, name)));
  return {
    label: "embedded PGlite",
    scratch: {
      async exec(sql) {
        try {
          await db.exec(sql);
        } catch (error) {
          throw pgliteStatementError(error);
        }
      },
      reader: executor,
      availableExtensions: async () => loaded,
    },
    async close() {
      await executor.close?.();
      if (!db.closed) await db.close();
    },
  };
}

function pgliteStatementError(error: unknown): DriftcheckError {
  const e = (typeof error === "object" && error !== null ? error : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof e[key] === "string" ? (e[key] as string) : undefined);
  if (text("code")) return databaseError({ code: text("code"), message: text("message"), detail: text("detail"), hint: text("hint") });
  return new DriftcheckError("internal", `PGlite failed: ${error instanceof Error ? error.message : String(error)}`);
}
