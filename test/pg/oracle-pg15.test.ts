/** The cross-check oracle on pg15: replay on a database of that server; see test/support/oracle-suite.ts. */
import { describeOracle } from "../support/oracle-suite.js";

describeOracle("pg15");
