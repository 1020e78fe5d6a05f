import type { ScratchDatabase } from "../../core/replay.js";

/** A scratch database opened for one replay; `close()` removes every trace of it. */
export interface OpenedScratch {
  /** For progress and messages; never a URL. */
  label: string;
  scratch: ScratchDatabase;
  close(): Promise<void>;
}
