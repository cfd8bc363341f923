// Child process of the Kafka benchmark: produces seed 000's order events at a fixed rate, each stamped with its produce time.
//
// Runs apart from the engine so that producing shares neither its event loop nor its core. Arguments:
// bootstrap, topic, partitions, events per second, duration (ms). It says `ready` once connected, produces on
// `go`, and ends with a `done` message (see ProducerReport).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Producer, stringSerializers } from '@platformatic/kafka';
import { orderEvent, seededRandom } from './order-events.js';

/** What the child reports when it is done. */
export interface ProducerReport {
  readonly kind: 'done';
  /** Events whose send the broker acknowledged. */
  readonly acked: number;
  readonly failed: number;
  readonly lastError?: string;
  /** From the first send to the last acknowledgement, ms. */
  readonly elapsedMs: number;
  /** Sends (batches) made, and the most sends waiting for their acknowledgement at once. */
  readonly sends: number;
  readonly maxInFlight: number;
  /** Mean and longest time from a send to its acknowledgement, ms. */
  readonly meanAckMs: number;
  readonly maxAckMs: number;
  /**
   * How late this process's timers fired (p50, p99, max; ms). It does little work, so this is mostly the wait
   * for a core: the machine's scheduling noise, which the engine's process suffers too.
   */
  readonly loopDelayMs: readonly [number, number, number];
  /** CPU time this process used while producing, s. */
  readonly cpuSeconds: number;
}

/** How often the producer wakes to send what the rate says is due: a batch of rate × tick events. */
const TICK_MS = 2;
/** Most events in one send (about 250 bytes each, spread over the partitions). */
const MAX_SEND = 2_000;

const [bootstrap, topic, partitionsText, rateText, durationText] = process.argv.slice(2);
if (!bootstrap || !topic || !partitionsText || !rateText || !durationText || !process.send) {
  throw new Error('usage: kafka-producer-child <bootstrap> <topic> <partitions> <events/s> <duration ms> (started with an IPC channel)');
}
const partitions = Number(partitionsText);
const rate = Number(rateText);
const durationMs = Number(durationText);
const send = process.send.bind(process);

const random = seededRandom(7);
const producer = new Producer({ clientId: 'tally-bench-producer', bootstrapBrokers: [bootstrap], serializers: stringSerializers, acks: 1 });

/** An error with the errors it gathers (the client wraps each broker's in one): the first cause is what matters. */
function describe(err: unknown, depth = 0): string {
  if (!(err instanceof Error)) return String(err);
  const inner = (err as Error & { errors?: unknown[] }).errors;
  const causes = depth < 3 && Array.isArray(inner) && inner.length > 0 ? `: ${describe(inner[0], depth + 1)}` : '';
  return `${err.message}${causes}`;
}

async function produce(): Promise<ProducerReport> {
  let seq = 0;
  let acked = 0;
  let failed = 0;
  let lastError: string | undefined;
  let sends = 0;
  let ackedSends = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let ackTotalMs = 0;
  let maxAckMs = 0;
  let lastAckAt = 0;
  const pending = new Set<Promise<void>>();
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const end = started + durationMs;
  for (let now = started; now < end; now = performance.now()) {
    // After a late wake-up the events due go out in several sends: the broker refuses a batch over 1 MB.
    for (let due = Math.floor((rate * (now - started)) / 1000) - seq; due > 0; due = Math.floor((rate * (now - started)) / 1000) - seq) {
      const size = Math.min(due, MAX_SEND);
      // The produce time goes first in the order id (the views ignore it): the engine's listener reads it with
      // parseInt. Events happen as they are produced: created_at is the produce time too.
      const producedAt = Date.now();
      const createdAt = new Date(producedAt).toISOString();
      const created = (): string => createdAt;
      const messages = new Array<{ topic: string; partition: number; value: string }>(size);
      for (let i = 0; i < size; i++, seq++) {
        messages[i] = { topic, partition: seq % partitions, value: orderEvent(random, `${producedAt}-${seq}`, created) };
      }
      const sentAt = performance.now();
      sends++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const sending: Promise<void> = producer.send({ messages }).then(
        () => {
          acked += size;
          ackedSends++;
          lastAckAt = performance.now();
          const ackMs = lastAckAt - sentAt;
          ackTotalMs += ackMs;
          maxAckMs = Math.max(maxAckMs, ackMs);
        },
        (err: unknown) => {
          failed += size;
          lastError = describe(err);
        },
      ).finally(() => {
        inFlight--;
        pending.delete(sending);
      });
      pending.add(sending);
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(pending);
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuStarted);
  return {
    kind: 'done',
    acked,
    failed,
    lastError,
    elapsedMs: (lastAckAt || performance.now()) - started,
    sends,
    maxInFlight,
    meanAckMs: ackedSends > 0 ? ackTotalMs / ackedSends : 0,
    maxAckMs,
    loopDelayMs: [loopDelay.percentile(50) / 1e6, loopDelay.percentile(99) / 1e6, loopDelay.max / 1e6],
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

process.on('message', (message: unknown) => {
  if (message !== 'go') return;
  produce()
    .then((report) => send(report))
    .catch((err: unknown) => send({ kind: 'error', message: err instanceof Error ? err.message : String(err) }))
    .finally(() => {
      void producer.close().finally(() => process.disconnect());
    });
});

// Connecting before `ready` keeps the connection set-up out of the measured run.
await producer.metadata({ topics: [topic], forceUpdate: true });
send('ready');
