/**
 * The node's HTTP server with its connection limits: a header timeout (Node
 * answers 408 and closes), no overall request timeout (an upload may take
 * hours), an idle keep-alive timeout and a cap on open connections. Refused
 * connections are logged at most once a minute, so a flood cannot flood the log.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { NodeLimits } from './limits';

const DROP_LOG_INTERVAL_MS = 60_000;

export function createLimitedServer(limits: NodeLimits, log: (message: string) => void, handle: (req: IncomingMessage, res: ServerResponse) => void): Server {
  const server = createServer(
    {
      requestTimeout: 0,
      headersTimeout: limits.headersTimeoutMs,
      // Node checks the header timeout on this interval; a quarter of it keeps the overshoot small.
      connectionsCheckingInterval: Math.max(50, Math.min(5_000, Math.floor(limits.headersTimeoutMs / 4))),
      keepAliveTimeout: limits.keepAliveTimeoutMs,
    },
    handle,
  );
  // Requests that wait for 100 Continue come here too: the dispatcher sends it only once the headers pass.
  server.on('checkContinue', handle);
  server.maxConnections = limits.maxConnections;
  let dropped = 0;
  let lastLogged = -Infinity;
  server.on('drop', () => {
    dropped++;
    const now = performance.now();
    if (now - lastLogged < DROP_LOG_INTERVAL_MS) return;
    lastLogged = now;
    log(`refused a connection: ${limits.maxConnections} are open, the most this node serves at once (${dropped} refused so far)`);
  });
  return server;
}
