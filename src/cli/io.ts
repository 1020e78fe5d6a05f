/** What the CLI touches of the outside world, injected so `run()` is testable in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stdout is a terminal (text reports are coloured only then, and not with NO_COLOR). */
  isTTY: boolean;
  /** Whether stderr is a terminal: progress of long operations (replay) is shown only then. */
  stderrIsTTY?: boolean;
}

/** Writes `text` followed by exactly one newline. */
export function writeLine(write: (text: string) => void, text: string): void {
  write(text.endsWith("\n") ? text : `${text}\n`);
}
