/**
 * The dashboard in a real browser (issue 5, "Prove it"): Debian's Chromium, driven by
 * playwright-core, against `wrangler dev --local` with local D1 and the stand-ins (the same stack
 * as `npm start`). A signed pull_request webhook yields the failing check (COLUMN_MISSING
 * soundcloud_tracks.updated_at); the browser is refused without the session cookie, signs in
 * through the form, and reads the check list, the check and the repository timeline. Screenshots
 * of the three pages (and the check on a phone) go to test-artifacts/ for a human to look at.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevStack, type DevStack } from "../../scripts/lib/dev-stack.js";
import { GIT_BRANCH, REPO } from "../../scripts/start-state.js";
import { REPO_ROOT } from "../support/edge-stack.js";
import { launchChromium } from "./chromium.js";

const ARTIFACTS = join(REPO_ROOT, "test-artifacts");
const CHECK_TIMEOUT_MS = 120_000;
const REPO_PAGE = `/repos/${REPO}`;
/** What core/diff/fix-sql.ts writes for the missing column (examples/soundcloud/src/schema.ts). */
const FIX_SQL = "ALTER TABLE public.soundcloud_tracks ADD COLUMN updated_at timestamp with time zone DEFAULT now() NOT NULL;";

let dev: DevStack | null = null;
let browser: Browser | null = null;
let context: BrowserContext;
let page: Page;
let checkPath: string;
/**
 * Why the setup failed. Kept and rethrown by every test (see `ready`) instead of thrown from
 * beforeAll, where vitest would report the tests as skipped: without Chromium they must fail.
 */
let setupError: unknown = null;

beforeAll(async () => {
  try {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Chromium first: when it cannot start, fail at once rather than after wrangler's start-up.
    browser = await launchChromium();
    dev = await startDevStack({ label: "browser", logLevel: "warn" });
    const commit = dev.stack.addCommit(REPO, { branch: GIT_BRANCH });
    const run = await dev.checkAndWait(commit.sha, "opened", CHECK_TIMEOUT_MS);
    if (run.conclusion !== "failure") throw new Error(`the PR check should fail with COLUMN_MISSING, it ended ${run.conclusion}: ${run.output.title ?? ""}`);
    // The check run's details link is the dashboard page of the check.
    const details = new URL(run.details_url ?? "");
    if (details.origin !== dev.workerUrl || !/^\/checks\/[^/]+$/.test(details.pathname)) {
      throw new Error(`the check run's details_url ${run.details_url ?? "(none)"} is not ${dev.workerUrl}/checks/<id>`);
    }
    checkPath = details.pathname;
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
  } catch (error) {
    setupError = error;
  }
});

function ready(): void {
  if (setupError !== null) throw setupError;
}

afterAll(async () => {
  // Each on its own: a failure closing one must not leave the other running.
  await browser?.close().catch(() => {});
  await dev?.close();
});

function url(path: string): string {
  return `${dev!.workerUrl}${path}`;
}

async function screenshot(name: string, target: Page = page): Promise<void> {
  await target.screenshot({ path: join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });
}

/** The narrowest common phone (iPhone SE / mini class): issue 13 asks for no horizontal scroll at 375 px. */
const PHONE = { width: 375, height: 667 };

/**
 * The page on a phone-sized screen (same session): nothing may be wider than the screen, only
 * the boxes that scroll by themselves (tables); `visible` must still be on screen.
 */
async function onPhone(path: string, name: string, visible: string, more?: (phone: Page) => Promise<void>): Promise<void> {
  const phone = await context.newPage();
  try {
    await phone.setViewportSize(PHONE);
    expect((await phone.goto(url(path)))?.status()).toBe(200);
    expect(Number(await phone.evaluate("document.documentElement.scrollWidth")), `${path} is wider than a phone`).toBeLessThanOrEqual(PHONE.width);
    expect(Number(await phone.evaluate("document.body.scrollWidth")), `${path}'s body scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
    await expect(phone.locator(visible).first().isVisible()).resolves.toBe(true);
    await more?.(phone);
    await screenshot(`${name}-phone`, phone);
  } finally {
    await phone.close();
  }
}

describe("the dashboard in Chromium", () => {
  it("refuses every page without the session cookie: 303 to sign-in, nothing of the check in the answer", async () => {
    ready();
    for (const path of ["/", checkPath, REPO_PAGE]) {
      for (const cookie of [undefined, "driftcheck_session=9999999999.forged.c2lnbmF0dXJl"]) {
        const response = await fetch(url(path), { redirect: "manual", headers: cookie ? { cookie } : {} });
        expect(response.status, `${path} with ${cookie ? "a forged" : "no"} cookie`).toBe(303);
        expect(response.headers.get("location")).toBe(path === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(path)}`);
        expect(await response.text()).not.toContain("updated_at");
      }
    }
    // The browser, without a cookie, asking for the check lands on the sign-in form.
    const answer = await page.goto(url(checkPath));
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(new URL(page.url()).searchParams.get("next")).toBe(checkPath);
    expect(answer?.status()).toBe(200);
    await expect(page.getByLabel("Dashboard token").isVisible()).resolves.toBe(true);
    expect(await page.content()).not.toContain("updated_at");
    expect(await context.cookies()).toEqual([]);
  });

  it("signs in through the form: a wrong token (even the API token) is refused, the dashboard token sets the cookie", async () => {
    ready();
    await page.goto(url(checkPath));
    for (const wrong of ["not-the-dashboard-token", dev!.apiToken]) {
      await page.getByLabel("Dashboard token").fill(wrong);
      const [refused] = await Promise.all([page.waitForResponse((response) => response.url() === url("/sign-in") && response.request().method() === "POST"), page.getByRole("button", { name: "Sign in" }).click()]);
      expect(refused.status()).toBe(401);
      await expect(page.getByRole("alert").textContent()).resolves.toContain("That is not the dashboard token.");
      expect(await context.cookies()).toEqual([]);
    }
    await screenshot("sign-in-refused");

    await page.getByLabel("Dashboard token").fill(dev!.dashboardToken);
    await Promise.all([page.waitForURL(url(checkPath)), page.getByRole("button", { name: "Sign in" }).click()]);
    const cookies = await context.cookies();
    expect(cookies.map(({ name, httpOnly, secure, sameSite }) => ({ name, httpOnly, secure, sameSite }))).toEqual([
      { name: "driftcheck_session", httpOnly: true, secure: true, sameSite: "Lax" },
    ]);
  });

  it("lists the failing check on / with its badge and links to it", async () => {
    ready();
    await page.goto(url("/"));
    await expect(page.title()).resolves.toContain("driftcheck");
    const link = page.locator(`a[href="${checkPath}"]`).first();
    await expect(link.isVisible()).resolves.toBe(true);
    await expect(page.locator(".badge-fail").first().textContent()).resolves.toBe("fail");
    await expect(page.locator("main").textContent()).resolves.toContain(REPO);
    await screenshot("checks");
    await onPhone("/", "checks", `a[href="${checkPath}"]`);
  });

  it("shows the check: COLUMN_MISSING soundcloud_tracks.updated_at, expected vs actual, and the fix SQL", async () => {
    ready();
    const answer = await page.goto(url(checkPath));
    expect(answer?.status()).toBe(200);
    await expect(page.locator("h1 .badge-fail").textContent()).resolves.toBe("fail");
    // First thing: what failed, and what to do next, on the Neon branch the check read.
    const headline = (await page.locator("#headline").textContent()) ?? "";
    expect(headline).toMatch(/^Fails: /);
    expect(headline).toContain("Next: ");
    const branch = (await page.locator("dt:text-is('Neon branch') + dd").textContent()) ?? "";
    expect(branch).toMatch(/^preview\//);
    expect(headline).toContain(`Neon branch ${branch}`);

    // The check's own findings (a PR check's page may also list production's, under #production-context).
    const card = page.locator("section:not(#production-context) > .finding").filter({ hasText: "COLUMN_MISSING" });
    await expect(card.count()).resolves.toBe(1);
    await expect(card.locator("code").first().textContent()).resolves.toBe("public.soundcloud_tracks.updated_at");
    await expect(card.locator("dd").nth(1).textContent()).resolves.toBe("absent");
    // The expected value in the CLI's words, not JSON.
    await expect(card.locator("dd").nth(0).textContent()).resolves.toBe("timestamp with time zone NOT NULL DEFAULT now()");
    // Each finding once on the page.
    await expect(page.locator(".finding").filter({ hasText: "COLUMN_MISSING" }).count()).resolves.toBe(1);
    await expect(card.locator("pre.fix-sql").textContent()).resolves.toBe(FIX_SQL);
    // The fix script (fix-sql's, in a selectable <pre>) leaves it to the pending migration that
    // makes it, and says first to run that migration, as the headline does.
    const script = (await page.locator("#fix-script").textContent()) ?? "";
    const pending = /^-- FIRST run the 1 pending migration with `drizzle-kit migrate`: (\S+)\.$/m.exec(script)?.[1];
    expect(pending, script).toBeDefined();
    expect(script).toContain(`--   COLUMN_MISSING public.soundcloud_tracks.updated_at (${pending})`);
    expect(headline).toContain(`Run the pending migration ${pending} on Neon branch ${branch}`);
    await expect(page.locator("#fix-script").isVisible()).resolves.toBe(true);
    await screenshot("check");
    await onPhone(checkPath, "check", ".finding pre.fix-sql", async (phone) => {
      // The fix SQL wraps on a phone instead of hiding most of the statement behind a scroll bar.
      const box = phone.locator(".finding pre.fix-sql").first();
      expect(await box.evaluate((pre: { scrollWidth: number; clientWidth: number }) => pre.scrollWidth - pre.clientWidth)).toBe(0);
    });
  });

  it("shows the repository timeline with the failing check", async () => {
    ready();
    const answer = await page.goto(url(REPO_PAGE));
    expect(answer?.status()).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toContain(REPO);
    await expect(page.locator(`main a[href="${checkPath}"]`).count()).resolves.toBeGreaterThan(0);
    await expect(page.locator("main .badge-fail").count()).resolves.toBeGreaterThan(0);
    await screenshot("repo");
    await onPhone(REPO_PAGE, "repo", `main a[href="${checkPath}"]`);
  });
});
