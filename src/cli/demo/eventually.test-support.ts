// Waiting for a running demo to reach a state: polls a check that says what it still misses.

/** Polls `check` every 250 ms until it returns undefined; fails after `ms` with what it last said. */
export async function eventually(check: () => Promise<string | undefined>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  let last: string | undefined;
  while (Date.now() < until) {
    last = await check();
    if (last === undefined) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not reached: ${last}`);
}
