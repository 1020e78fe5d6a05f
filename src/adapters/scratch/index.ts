/** Scratch databases for replay: embedded PGlite by default, or a throw-away database on a server. */
import { openPGliteScratch } from "./pglite.js";
import { openServerScratch } from "./server.js";
import type { OpenedScratch } from "./types.js";

export type { OpenedScratch } from "./types.js";
export { REPLAY_DATABASE_PREFIX } from "./server.js";

export interface ScratchChoice {
  /** `--scratch-url`; PGlite when absent. */
  url?: string;
  /** The migrations mention `vector` (PGlite then loads pgvector). */
  vector: boolean;
}

export function openScratch(choice: ScratchChoice): Promise<OpenedScratch> {
  return choice.url !== undefined ? openServerScratch(choice.url) : openPGliteScratch({ vector: choice.vector });
}
