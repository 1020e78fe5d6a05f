import { describeRoundTrip } from "./roundtrip-suite.js";

describeRoundTrip("pg18");
