#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (also run by `npm test` and `npm pack`).
import { main } from "../dist/cli/main.js";

process.exitCode = await main();
