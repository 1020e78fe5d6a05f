/** The cross-check oracle (issue 3 point 3) on PGlite (PostgreSQL 18 in WASM); test/support/oracle-suite.ts. */
import { describeOracle } from "../support/oracle-suite.js";

describeOracle("pglite");
