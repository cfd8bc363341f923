// A topic of the embedded broker: its partition logs, its stored settings, and fetches waiting for its next record.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { murmur2 } from '@platformatic/kafka';
import { PartitionLog } from './partition-log.js';

/** What a topic was created with; kept in `topic.json` of its directory. */
export interface TopicSettings {
  /** Changes when a topic is deleted and created again: fetches name topics by id. */
  readonly id: string;
  readonly partitions: number;
  /** `cleanup.policy = compact` was asked for. Recorded only: the embedded logs keep every record. */
  readonly compact: boolean;
}

const SETTINGS_FILE = 'topic.json';
/** Java clients' partitioner keeps the hash positive this way (not with Math.abs). */
const POSITIVE_MASK = 0x7fffffff;

const partitionFile = (directory: string, partition: number): string => join(directory, `${partition}.log`);

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** One topic. Offsets live in its partitions; `waitForAppend` lets a fetch sleep until a record arrives. */
export class EmbeddedTopic {
  private readonly waiters = new Set<() => void>();
  /** Partition for the next produce call's records without key or partition (one partition per call, in turn). */
  private nextPartition = 0;
  partitions: readonly PartitionLog[] = [];

  private constructor(
    readonly name: string,
    readonly settings: TopicSettings,
  ) {}

  /** A topic in memory. */
  static inMemory(name: string, partitions: number, compact: boolean): EmbeddedTopic {
    const topic = new EmbeddedTopic(name, { id: randomUUID(), partitions, compact });
    topic.partitions = Array.from({ length: partitions }, () => PartitionLog.inMemory(() => topic.notify()));
    return topic;
  }

  /** Creates the topic's directory: its settings are written (atomically) before any partition file. */
  static async create(name: string, directory: string, partitions: number, compact: boolean, sync: boolean): Promise<EmbeddedTopic> {
    await mkdir(directory, { recursive: true });
    const settings: TopicSettings = { id: randomUUID(), partitions, compact };
    const temporary = join(directory, `.${SETTINGS_FILE}.tmp`);
    await writeFile(temporary, JSON.stringify(settings), { flush: true });
    await rename(temporary, join(directory, SETTINGS_FILE));
    await syncDirectory(directory);
    return EmbeddedTopic.openFiles(name, directory, settings, sync);
  }

  /** Reopens a topic from its directory; undefined when it holds no settings (a creation cut short). */
  static async reopen(name: string, directory: string, sync: boolean): Promise<EmbeddedTopic | undefined> {
    let text: string;
    try {
      text = await readFile(join(directory, SETTINGS_FILE), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    return EmbeddedTopic.openFiles(name, directory, JSON.parse(text) as TopicSettings, sync);
  }

  private static async openFiles(name: string, directory: string, settings: TopicSettings, sync: boolean): Promise<EmbeddedTopic> {
    const topic = new EmbeddedTopic(name, settings);
    const logs: PartitionLog[] = [];
    try {
      for (let partition = 0; partition < settings.partitions; partition++) {
        logs.push(await PartitionLog.open(partitionFile(directory, partition), () => topic.notify(), { sync }));
      }
    } catch (err) {
      await Promise.all(logs.map((log) => log.close().catch(() => undefined)));
      throw err;
    }
    topic.partitions = logs;
    return topic;
  }

  /** The partition a record goes to: the one given, else its key's (murmur2, as Java clients), else this call's turn. */
  partitionFor(key: Buffer | null, given: number | undefined, turn: number): number {
    if (given !== undefined) {
      if (!Number.isInteger(given) || given < 0 || given >= this.partitions.length) {
        throw new Error(`partition ${given} does not exist in topic "${this.name}" (it has ${this.partitions.length})`);
      }
      return given;
    }
    if (key !== null) return (murmur2(key) & POSITIVE_MASK) % this.partitions.length;
    return turn;
  }

  /** The partition that keyless records of the next produce call go to. */
  takeTurn(): number {
    const turn = this.nextPartition;
    this.nextPartition = (turn + 1) % this.partitions.length;
    return turn;
  }

  /** Resolves when a record is appended to any partition, or after `maxWaitMs`. */
  waitForAppend(maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.waiters.add(done);
    });
  }

  /** Wakes every waiting fetch (records arrived, or the broker closes). */
  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  async close(): Promise<void> {
    this.notify();
    await Promise.all(this.partitions.map((log) => log.close()));
  }
}
