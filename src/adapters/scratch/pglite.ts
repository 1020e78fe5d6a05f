/**
 * The default scratch database for replay: an in-memory PGlite, thrown away afterwards.
 * pgvector is loaded only when a migration mentions `vector` (it costs start-up time).
 */
import { openPGlite } from "../pglite/index.js";
import { databaseError } from "../../core/sql/database-error.js";
import { DriftcheckError } from "../../core/errors.js";
import type { OpenedScratch } from "./types.js";

export async function openPGliteScratch(options: { vector: boolean }): Promise<OpenedScratch> {
  const { db, executor } = await openPGlite({ vector: options.vector });
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
