/**
 * The storage node's connection limits. The README's storage-node section
 * gives the reason for each number; tests shorten them through
 * `StorageNodeOptions.limits`.
 */
export interface NodeLimits {
  /** Time to receive a request's headers (Node closes the connection with 408 after it). */
  headersTimeoutMs: number;
  /** A request body that sends nothing for this long while the node waits for it is cut off. */
  bodyIdleTimeoutMs: number;
  /** Connections open at once; further ones are closed as they arrive. */
  maxConnections: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_LIMITS: NodeLimits = {
  // Headers are a few hundred bytes: 20 s is generous for any live client and a
  // third of Node's default, so a connection that never finishes them goes sooner.
  headersTimeoutMs: 20_000,
  // The app's client gives up on a request after 60 s without traffic, so a body
  // silent for as long belongs to a client that has given up or died.
  bodyIdleTimeoutMs: 60_000,
  // The app uses at most a few dozen at once (16 per connection pool); 256 leaves
  // room for several clients while each connection's descriptors (one socket, up
  // to 32 temp files of a multi-file upload) stay far below common limits.
  maxConnections: 256,
  keepAliveTimeoutMs: 30_000,
};

export function resolveLimits(overrides: Partial<NodeLimits> = {}): NodeLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0) throw new Error(`storage node limit ${name} must be a positive integer, got ${value}`);
  }
  return limits;
}
