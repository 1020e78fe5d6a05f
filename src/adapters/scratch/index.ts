/** Scratch databases for replay: embedded PGlite by default, or a throw-away database on a server. */
import { openPGliteScratch } from "./pglite.js";
import { openServerScratch } from "./server.js";
import type { OpenedScratch } from "./types.js";

export type { OpenedScratch } from "./types.js";
export { REPLAY_DATABASE_PREFIX } from "./server.js";

export interface ScratchChoice {
  /** `--scratch-url`; PGlite when absent. */
  url?: string;
  /** Load pgvector into PGlite (kept for callers that predate `extensions`). */
  vector?: boolean;
  /**
   * `CREATE EXTENSION` names the replay may create (the SQL's and the checked database's):
   * PGlite loads those it ships. A server has what it has installed.
   */
  extensions?: string[];
  /** Told what closing a server scratch could not clean up (a role the replay created). */
  onNote?: (message: string) => void;
}

export function openScratch(choice: ScratchChoice): Promise<OpenedScratch> {
  return choice.url !== undefined
    ? openServerScratch(choice.url, choice.onNote ? { onNote: choice.onNote } : {})
    : openPGliteScratch({ extensions: choice.extensions ?? [], ...(choice.vector ? { vector: true } : {}) });
}
