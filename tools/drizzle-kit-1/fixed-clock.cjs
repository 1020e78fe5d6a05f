// Preloaded (node --require) into drizzle-kit so that migration folder names are reproducible:
// drizzle-kit names each folder after the current UTC time, so pin "now" to FIXTURE_NOW (ms).
const fixed = Number(process.env.FIXTURE_NOW);
if (Number.isFinite(fixed)) {
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(fixed);
      else super(...args);
    }
    static now() {
      return fixed;
    }
  }
  globalThis.Date = FixedDate;
}
