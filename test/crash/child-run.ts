// One run of the pipeline child, seen from the parent: its lines as they come, its end, a SIGKILL on demand.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { FINISH, LINE, type Progress, type RunSettings } from './child-protocol.js';

/** How a run ended. */
export interface RunExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Keep this much of the child's stderr for messages. */
const STDERR_KEPT = 8_000;

export class ChildRun {
  /** Lines seen so far, by their first word; `waitFor` resolves at the first one. */
  private readonly seen = new Map<string, string>();
  private readonly waiters = new Map<string, ((argument: string | undefined) => void)[]>();
  private readonly progressWatchers = new Set<{ accept: (progress: Progress) => boolean; wake: (progress: Progress | undefined) => void }>();
  private pendingText = '';
  private stderrText = '';
  private exit: RunExit | undefined;
  /** The first progress report (it comes with `ready`) and the last one. */
  firstProgress: Progress | undefined;
  progress: Progress | undefined;
  /** Milliseconds from the start to `ready`, as the parent saw it. */
  readyAfterMs: number | undefined;
  readonly exited: Promise<RunExit>;
  readonly startedAt = performance.now();

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.pendingText += chunk;
      const lines = this.pendingText.split('\n');
      this.pendingText = lines.pop()!;
      for (const line of lines) this.onLine(line);
    });
    // The child may die at any moment: a finish written to a dead child must not fail the parent.
    child.stdin.on('error', () => undefined);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderrText = (this.stderrText + chunk).slice(-STDERR_KEPT);
    });
    this.exited = new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => {
        this.exit = { code, signal };
        for (const waiters of this.waiters.values()) for (const wake of waiters) wake(undefined);
        this.waiters.clear();
        for (const watcher of this.progressWatchers) watcher.wake(undefined);
        this.progressWatchers.clear();
        resolve(this.exit);
      });
    });
  }

  /** Starts `script` (transpiled JavaScript) with the configuration file and this run's settings. */
  static start(script: string, configPath: string, settings: RunSettings): ChildRun {
    const args = [script, configPath, String(settings.barrierIntervalMs), String(settings.checkpointIntervalMs), String(settings.maxRecordsPerEpoch)];
    return new ChildRun(spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  private onLine(line: string): void {
    const space = line.indexOf(' ');
    const word = space < 0 ? line : line.slice(0, space);
    const argument = space < 0 ? '' : line.slice(space + 1);
    if (word === LINE.progress) this.onProgress(JSON.parse(argument) as Progress);
    if (word === LINE.ready) this.readyAfterMs = this.age;
    if (!this.seen.has(word)) this.seen.set(word, argument);
    const waiters = this.waiters.get(word);
    this.waiters.delete(word);
    for (const wake of waiters ?? []) wake(argument);
  }

  private onProgress(progress: Progress): void {
    this.firstProgress ??= progress;
    this.progress = progress;
    for (const watcher of this.progressWatchers) {
      if (!watcher.accept(progress)) continue;
      this.progressWatchers.delete(watcher);
      watcher.wake(progress);
    }
  }

  /**
   * The first progress report from now on that `accept` takes, or undefined when the child ends or `timeoutMs`
   * passes first.
   */
  waitForProgress(accept: (progress: Progress) => boolean, timeoutMs: number): Promise<Progress | undefined> {
    if (this.exit) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const watcher = {
        accept,
        wake: (progress: Progress | undefined) => {
          clearTimeout(timer);
          resolve(progress);
        },
      };
      const timer = setTimeout(() => {
        this.progressWatchers.delete(watcher);
        resolve(undefined);
      }, timeoutMs);
      this.progressWatchers.add(watcher);
    });
  }

  /** The argument of the first `word` line, once it comes; undefined when the child ends without one. */
  waitFor(word: string): Promise<string | undefined> {
    if (this.seen.has(word)) return Promise.resolve(this.seen.get(word));
    if (this.exit) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiters = this.waiters.get(word) ?? [];
      waiters.push(resolve);
      this.waiters.set(word, waiters);
    });
  }

  has(word: string): boolean {
    return this.seen.has(word);
  }

  /** Milliseconds since the run started. */
  get age(): number {
    return performance.now() - this.startedAt;
  }

  kill(): void {
    if (!this.exit) this.child.kill('SIGKILL');
  }

  /** Tells the child to dump its views once the counts reach `expected`. */
  finish(expected: Readonly<Record<string, number>>): void {
    this.child.stdin.write(`${FINISH} ${JSON.stringify(expected)}\n`);
  }

  /** The end of the child's stderr, for messages. */
  get stderr(): string {
    return this.stderrText;
  }
}
