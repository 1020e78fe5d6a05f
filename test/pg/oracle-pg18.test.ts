/** The cross-check oracle on pg18: replay on a database of that server; see test/support/oracle-suite.ts. */
import { describeOracle } from "../support/oracle-suite.js";

describeOracle("pg18");
