#!/usr/bin/env node
// Turns vitest's JSON report (plus the outcome of CI's non-vitest checks) into the one line CI
// reads: `N passed, N failed`. Exit code 1 when anything failed.
//
//   node scripts/ci-summary.mjs .vitest-results.json [--passed N] [--failed N] [--note TEXT]... [--vitest-exit N]
//
// Counted as failed: failed tests; test files that failed to load (or whose hooks failed) with no
// failed test to show for it; with CI=true also every skipped, pending or todo test (a skipped
// test proves nothing); a missing or unreadable report.
import { readFileSync } from "node:fs";

const [resultsPath, ...rest] = process.argv.slice(2);
let passed = 0;
let vitestExit = 0;
let failed = 0;
const problems = [];
for (let i = 0; i < rest.length; i += 2) {
  const flag = rest[i];
  const value = rest[i + 1] ?? "";
  if (flag === "--passed") passed += Number(value);
  else if (flag === "--failed") failed += Number(value);
  else if (flag === "--note") problems.push(value);
  else if (flag === "--vitest-exit") vitestExit = Number(value);
}

const strict = process.env.CI === "true";
let report = null;
try {
  report = JSON.parse(readFileSync(resultsPath ?? ".vitest-results.json", "utf8"));
} catch (error) {
  failed += 1;
  problems.push(`no vitest results at ${resultsPath}: ${error instanceof Error ? error.message : String(error)}`);
}

for (const file of report?.testResults ?? []) {
  let failedHere = 0;
  for (const test of file.assertionResults ?? []) {
    if (test.status === "passed") passed += 1;
    else if (test.status === "failed") {
      failed += 1;
      failedHere += 1;
      problems.push(`FAILED ${test.fullName ?? test.title}`);
    } else if (strict) {
      failed += 1;
      failedHere += 1;
      problems.push(`${String(test.status).toUpperCase()} (counts as failed with CI=true) ${test.fullName ?? test.title}`);
    }
  }
  if (file.status === "failed" && failedHere === 0) {
    failed += 1;
    const reason = String(file.message ?? "").split("\n")[0];
    problems.push(`SUITE FAILED ${file.name}${reason ? `: ${reason}` : ""}`);
  }
}

// vitest failed (unhandled error, failing globalSetup) but its report shows no failed test.
if (vitestExit !== 0 && !problems.some((problem) => /^(FAILED|SUITE FAILED|SKIPPED|PENDING|TODO)/.test(problem))) {
  failed += 1;
  problems.push(`FAILED vitest exited ${vitestExit} without a failed test in its report (unhandled error or failing setup: see its output)`);
}

// Nothing ran at all is a failure too, so the printed line and the exit code agree.
if (passed === 0 && failed === 0) {
  failed += 1;
  problems.push("no test ran");
}

for (const problem of problems) console.log(problem);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
