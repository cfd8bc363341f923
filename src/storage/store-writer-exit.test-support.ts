// A program for store-writer.test.ts: commits in the background, closes the store and says so, with nothing else
// keeping the process alive (as at the end of a CLI command or an embedding script).
import { CheckpointStore } from './checkpoint-store.js';

const store = CheckpointStore.open(process.argv[2]!);
const pending = store.beginCommit((store.lastEpoch ?? 0) + 1, { positions: [['source', 1]] });
const error = await pending.done;
process.stdout.write(`committed ${error?.message ?? 'ok'}\n`);
await store.close();
process.stdout.write('closed\n');
