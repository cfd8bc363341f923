// A program for the crash test: commits large checkpoints in a loop, printing each epoch, until it is killed.
import { CheckpointStore } from './checkpoint-store.js';
import { crashDelta } from './checkpoint-crash-model.test-support.js';

/** Ends by itself if the test that should kill it does not (so that no orphan keeps writing). */
const MAX_EPOCHS_PER_RUN = 400;
const MAX_RUN_MILLISECONDS = 15_000;

const store = CheckpointStore.open(process.argv[2]!);
const firstEpoch = (store.lastEpoch ?? 0) + 1;
const started = Date.now();
for (let epoch = firstEpoch; epoch < firstEpoch + MAX_EPOCHS_PER_RUN && Date.now() - started < MAX_RUN_MILLISECONDS; epoch++) {
  const delta = crashDelta(epoch);
  // Writes to a pipe are synchronous on Linux: each line is out before the next step starts.
  process.stdout.write(`begin ${epoch}\n`);
  store.commit(epoch, delta);
  process.stdout.write(`${epoch}\n`);
}
await store.close();
