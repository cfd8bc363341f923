// The engine's log for operators: one line on stderr per event worth knowing (a sink failing, a sink recovered).

/** Where the engine's log lines go; tests pass their own. */
export type LogLine = (line: string) => void;

/** Writes `tally: <line>` to stderr. Callers mask secrets first and log state changes, not every retry. */
export const stderrLog: LogLine = (line) => {
  process.stderr.write(`tally: ${line}\n`);
};
