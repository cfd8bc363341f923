// Whether a network endpoint answers: a TCP connect within a timeout, asked once per endpoint and remembered.
import { connect } from 'node:net';

/** `host:port`, as bootstrap servers and JDBC URLs give them. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** Resolves true when a TCP connection to the endpoint opens within `timeoutMs`; false on refusal, no such host, or silence. */
export function tcpReachable(endpoint: Endpoint, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: endpoint.host, port: endpoint.port });
    const done = (reachable: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(reachable);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Parses `host:port` (`[v6]:port` too); the default port when none is given. */
export function parseEndpoint(address: string, defaultPort: number): Endpoint {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
  if (bracketed) return { host: bracketed[1]!, port: bracketed[2] === undefined ? defaultPort : Number(bracketed[2]) };
  const colon = address.lastIndexOf(':');
  if (colon < 0) return { host: address, port: defaultPort };
  return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
}

/**
 * Probes endpoints once each and remembers the answer for the process: a pipeline decides once where it reads
 * and writes, and every source and sink naming the same endpoint decides alike.
 */
export class EndpointProbe {
  private readonly answers = new Map<string, Promise<boolean>>();

  constructor(
    private readonly timeoutMs: number,
    private readonly probe: (endpoint: Endpoint, timeoutMs: number) => Promise<boolean> = tcpReachable,
  ) {}

  reachable(endpoint: Endpoint): Promise<boolean> {
    const name = `${endpoint.host}:${endpoint.port}`;
    let answer = this.answers.get(name);
    if (!answer) {
      answer = this.probe(endpoint, this.timeoutMs);
      this.answers.set(name, answer);
    }
    return answer;
  }

  /** True when any of the endpoints answers (Kafka clients bootstrap from whichever does). */
  async anyReachable(endpoints: readonly Endpoint[]): Promise<boolean> {
    const answers = await Promise.all(endpoints.map((endpoint) => this.reachable(endpoint)));
    return answers.some(Boolean);
  }
}
