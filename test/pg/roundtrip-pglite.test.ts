import { describeRoundTrip } from "./roundtrip-suite.js";

describeRoundTrip("pglite");
