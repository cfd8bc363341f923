// The clock event times follow: the system's for a live run, a manual one in tests.

/** Milliseconds since the Unix epoch; read once per batch. */
export interface GeneratorClock {
  now(): number;
}

export const systemClock: GeneratorClock = { now: () => Date.now() };

/** A clock that moves only when told (tests, replays). */
export class ManualClock implements GeneratorClock {
  constructor(private ms: number) {}

  now(): number {
    return this.ms;
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
