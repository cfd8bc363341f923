// The newest epoch any view has reached, for the header: kept outside the component tree so that an epoch
// re-renders the header only, not every panel.
import { useEffect, useState } from 'preact/hooks';

let latest: { epoch: number; at: Date } | undefined;
const listeners = new Set<() => void>();

/** Called by the streams with each epoch they reach. */
export function reportEpoch(epoch: number): void {
  if (latest && epoch < latest.epoch) return;
  latest = { epoch, at: new Date() };
  for (const listener of listeners) listener();
}

export function useLatestEpoch(): { epoch: number; at: Date } | undefined {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((tick) => tick + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return latest;
}
