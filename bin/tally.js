#!/usr/bin/env -S node --max-semi-space-size=64
// Entry point of the `tally` command: runs the compiled CLI (built by `npm ci` through the prepare script).
// The `#!` line gives V8 a larger young generation: emitted view rows outlive its default size (README, Embedded use).
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(`tally: internal error: ${err instanceof Error ? err.message : String(err)}`); process.exitCode = 70; },
);
