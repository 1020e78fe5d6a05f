/**
 * Progress of long operations on stderr, only when stderr is a terminal: a single line
 * rewritten in place, so logs and pipes (CI) never see it.
 */
import type { CliIo } from "./io.js";

export interface Progress {
  update(text: string): void;
  done(): void;
}

export function progressFor(io: CliIo): Progress {
  if (!io.stderrIsTTY) return { update: () => undefined, done: () => undefined };
  let shown = false;
  return {
    update(text) {
      io.stderr(`\r\u001b[2K${text}`);
      shown = true;
    },
    done() {
      if (shown) io.stderr("\r\u001b[2K");
      shown = false;
    },
  };
}
