/**
 * Debian's Chromium (the `chromium` package, /usr/bin/chromium) driven by playwright-core, which
 * never downloads a browser of its own. `.ci/run` and scripts/setup-test-env.sh install the
 * package when it is missing; when Chromium still cannot start, the browser test must fail with
 * what to do, never skip.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM_PATH}: install Debian's package (\`apt-get install -y chromium\`, which .ci/run and ` +
        "scripts/setup-test-env.sh do when they can), or point CHROMIUM_PATH at a Chromium binary.",
    );
  }
  try {
    return await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. No GPU on these
      // machines, and no QUIC on a closed network (playwright-core's own defaults already turn off
      // background networking, component updates and sync).
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic"],
      timeout: 60_000,
    });
  } catch (error) {
    throw new Error(
      `Chromium at ${CHROMIUM_PATH} did not start (${error instanceof Error ? error.message.split("\n")[0] : String(error)}). ` +
        "Check that `chromium --headless --no-sandbox --dump-dom about:blank` works on this machine.",
      { cause: error },
    );
  }
}
