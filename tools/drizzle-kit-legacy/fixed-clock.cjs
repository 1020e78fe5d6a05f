// Preloaded (node --require) into the old drizzle-kit so that its output is reproducible:
//  - the journal's `when` is the current time: the clock is pinned to FIXTURE_NOW by the same
//    preload tools/drizzle-kit-1 uses;
//  - drizzle-kit 0.20 has no `--name`, it names each migration from Math.random (e.g.
//    `0001_colossal_skaar`): seed Math.random from FIXTURE_NOW so the tags are stable too.
// Snapshot ids stay random (drizzle-kit takes them from crypto).
require("../drizzle-kit-1/fixed-clock.cjs");

const fixed = Number(process.env.FIXTURE_NOW);
if (Number.isFinite(fixed)) {
  // mulberry32
  let state = fixed % 4294967296 >>> 0;
  Math.random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
