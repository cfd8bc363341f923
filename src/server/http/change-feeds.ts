// Every live change subscription of a server, fed by one engine listener: each epoch's changes of a relation, once.
import type { RelationEntry } from '../../catalog/catalog.js';
import type { Engine } from '../../engine/engine.js';
import type { ChangeBatch } from '../../types/change-batch.js';
import type { Row } from '../../types/value.js';
import { rowObjectEncoder } from './json-value.js';

/** A subscriber of one relation's changes. */
export interface ChangeSubscriber {
  /** Rows to pass on; undefined for all of them. */
  readonly filter?: (row: Row) => boolean;
  /**
   * Called inside the epoch (synchronously, with the engine waiting) with the JSON of the epoch's changes that
   * pass the filter: `{"epoch":N,"inserts":[...],"deletes":[...]}`; not called when none are left. Must only queue.
   */
  changes(data: string, epoch: number): void;
  /** The relation was dropped (or dropped and created again): no more changes will come. */
  ended(reason: string): void;
}

interface Feed {
  readonly entry: RelationEntry;
  readonly encode: (row: Row) => Record<string, unknown>;
  readonly subscribers: Set<ChangeSubscriber>;
}

/**
 * Routes the engine's change batches to the subscribers of each relation. A batch is turned into JSON once for
 * all unfiltered subscribers of the relation, and once per filtered subscriber; the work is per epoch and
 * relation, and nothing is done for relations nobody follows.
 */
export class ChangeFeeds {
  private readonly feeds = new Map<string, Feed>();
  private readonly unsubscribes: (() => void)[];

  constructor(private readonly engine: Engine) {
    this.unsubscribes = [
      engine.onChanges((relation, batch, epoch) => {
        const feed = this.feeds.get(relation);
        if (feed) this.deliver(relation, feed, batch, epoch);
      }),
      // DROP runs no epoch: the next epoch of anything (or a heartbeat) finds a followed relation gone.
      engine.onEpoch(() => {
        if (this.feeds.size > 0) this.checkRelations();
      }),
    ];
  }

  /** Subscribes to the changes of `entry` (the relation's current catalog entry); returns the unsubscribe. */
  subscribe(entry: RelationEntry, subscriber: ChangeSubscriber): () => void {
    let feed = this.feeds.get(entry.name);
    if (!feed || feed.entry !== entry) {
      if (feed) this.end(entry.name, feed);
      feed = { entry, encode: rowObjectEncoder(entry.columns, false), subscribers: new Set() };
      this.feeds.set(entry.name, feed);
    }
    const subscribers = feed.subscribers;
    subscribers.add(subscriber);
    return () => {
      subscribers.delete(subscriber);
      if (subscribers.size === 0 && this.feeds.get(entry.name)?.subscribers === subscribers) this.feeds.delete(entry.name);
    };
  }

  /** The number of subscribers, over all relations. */
  get size(): number {
    let count = 0;
    for (const feed of this.feeds.values()) count += feed.subscribers.size;
    return count;
  }

  /** Ends the subscriptions of relations that were dropped since they began (checked between epochs too). */
  checkRelations(): void {
    for (const [name, feed] of this.feeds) if (this.engine.relation(name) !== feed.entry) this.end(name, feed);
  }

  close(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.feeds.clear();
  }

  private deliver(relation: string, feed: Feed, batch: ChangeBatch, epoch: number): void {
    // A relation dropped and created again within this epoch's statement: the old columns no longer apply.
    if (this.engine.relation(relation) !== feed.entry) {
      this.end(relation, feed);
      return;
    }
    // The unfiltered JSON, made when the first unfiltered subscriber needs it (null: not made yet).
    let shared: string | undefined | null = null;
    for (const subscriber of [...feed.subscribers]) {
      let data: string | undefined;
      if (subscriber.filter === undefined) {
        if (shared === null) shared = changesJson(batch, epoch, feed.encode, undefined);
        data = shared;
      } else {
        data = changesJson(batch, epoch, feed.encode, subscriber.filter);
      }
      if (data !== undefined) subscriber.changes(data, epoch);
    }
  }

  private end(relation: string, feed: Feed): void {
    this.feeds.delete(relation);
    const reason = this.engine.relation(relation) ? `relation "${relation}" was dropped and created again` : `relation "${relation}" was dropped`;
    for (const subscriber of feed.subscribers) subscriber.ended(reason);
  }
}

/**
 * The JSON of a batch's changes, consolidated: each distinct row (by its JSON, which tells 2.0 from 2.00 as the
 * view does) appears with its net weight, so that a client applying the deletes and then the inserts ends with
 * the view's rows even when one epoch inserted and deleted the same row. A net weight of w lists the row w
 * times (a view without a key can hold equal rows). Undefined when nothing is left.
 */
function changesJson(batch: ChangeBatch, epoch: number, encode: (row: Row) => Record<string, unknown>, filter: ((row: Row) => boolean) | undefined): string | undefined {
  const net = new Map<string, number>();
  const { rows, weights } = batch;
  for (let rowIdx = 0; rowIdx < rows.length; rowIdx++) {
    const row = rows[rowIdx]!;
    if (filter !== undefined && !filter(row)) continue;
    const text = JSON.stringify(encode(row));
    net.set(text, (net.get(text) ?? 0) + weights[rowIdx]!);
  }
  const inserts: string[] = [];
  const deletes: string[] = [];
  for (const [text, weight] of net) {
    const into = weight > 0 ? inserts : deletes;
    for (let copy = Math.abs(weight); copy > 0; copy--) into.push(text);
  }
  if (inserts.length === 0 && deletes.length === 0) return undefined;
  return `{"epoch":${epoch},"inserts":[${inserts.join(',')}],"deletes":[${deletes.join(',')}]}`;
}
