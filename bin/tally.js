#!/usr/bin/env node
// Entry point of the `tally` command: runs the compiled CLI (built by `npm ci` through the prepare script).
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(`tally: internal error: ${err instanceof Error ? err.message : String(err)}`); process.exitCode = 70; },
);
