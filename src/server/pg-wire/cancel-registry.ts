// Backend keys (BackendKeyData) of the open connections, and CancelRequests matched against them.
import { randomInt } from 'node:crypto';

/** What BackendKeyData tells a client, for it to send back in a CancelRequest. */
export interface BackendKey {
  readonly processId: number;
  readonly secretKey: number;
}

const INT32_LIMIT = 2 ** 31;

/**
 * Hands out a process id and a random secret per connection (there is one process, so ids are only
 * connection numbers) and routes a CancelRequest to its connection when both match.
 */
export class CancelRegistry {
  private nextProcessId = 1;
  private readonly cancels = new Map<number, { readonly secretKey: number; readonly cancel: () => void }>();

  register(cancel: () => void): BackendKey {
    const processId = this.nextProcessId;
    this.nextProcessId = processId >= INT32_LIMIT - 1 ? 1 : processId + 1;
    const secretKey = randomInt(-INT32_LIMIT, INT32_LIMIT);
    this.cancels.set(processId, { secretKey, cancel });
    return { processId, secretKey };
  }

  unregister(processId: number): void {
    this.cancels.delete(processId);
  }

  /** Cancels what the connection is doing when the key matches; says nothing either way, as PostgreSQL does. */
  cancel(processId: number, secretKey: number): void {
    const entry = this.cancels.get(processId);
    if (entry && entry.secretKey === secretKey) entry.cancel();
  }
}
