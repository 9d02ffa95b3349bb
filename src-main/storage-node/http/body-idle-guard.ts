/**
 * Cuts off a request whose body stops arriving. Progress is read from the
 * socket's byte count rather than from 'data' listeners (adding one would
 * switch the stream to flowing mode under the route's own reader), and time
 * the node itself holds the body paused (disk backpressure) never counts as
 * the client's silence. A stall is noticed within 1¼ × the idle time.
 */
import type { IncomingMessage } from 'node:http';

export function guardBodyIdle(req: IncomingMessage, idleMs: number, onStall: () => void): () => void {
  const socket = req.socket;
  let bytesSeen = socket.bytesRead;
  let quietSince = performance.now();
  let timer: NodeJS.Timeout | undefined;

  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
    req.off('end', stop);
    req.off('close', stop);
  };
  const check = () => {
    const now = performance.now();
    if (socket.bytesRead !== bytesSeen || req.isPaused()) {
      bytesSeen = socket.bytesRead;
      quietSince = now;
    }
    if (now - quietSince >= idleMs) {
      stop();
      onStall();
      return;
    }
    timer = setTimeout(check, Math.min(idleMs / 4, idleMs - (now - quietSince)));
    timer.unref();
  };

  if (req.complete) return () => {};
  req.once('end', stop);
  req.once('close', stop);
  timer = setTimeout(check, idleMs / 4);
  timer.unref();
  return stop;
}
