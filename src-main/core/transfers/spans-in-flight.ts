/**
 * The loop both large-file runners share: every span (upload part, download
 * range) not yet recorded as done is moved by `move`, several at once under
 * the engine's parts limit; each is recorded as a unit, with the job's durable
 * byte count, once `move` resolves. It must leave the span durable (acknowledged
 * by the server) or, for a download range written but not synced, resolve with
 * a fingerprint of its bytes (download/range-fingerprint.ts), recorded with it so that a restart can check the
 * range on disk again. At the first failure, or when the engine drains, no new
 * span starts and the ones in flight finish.
 */
import type { ByteSpan } from './part-size';
import { Drained, type RunContext } from './run-context';

export async function moveMissingSpans(
  ctx: RunContext,
  spans: readonly ByteSpan[],
  move: (span: ByteSpan) => Promise<string | void>,
  /** Called for each span that is recorded: first those done in earlier runs, then each as it is recorded. */
  onDurable?: (span: ByteSpan) => void,
): Promise<void> {
  const done = new Set(ctx.units().map((u) => u.idx));
  let durable = 0;
  for (const span of spans) {
    if (!done.has(span.index)) continue;
    durable += span.size;
    onDurable?.(span);
  }
  ctx.setBytes(durable);
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  for (const span of spans) {
    if (done.has(span.index)) continue;
    if (failure) break;
    const release = await ctx.parts.acquire(ctx.signal);
    if (ctx.draining()) {
      release();
      break;
    }
    const task = move(span)
      .then((sha256) => {
        durable += span.size;
        ctx.recordUnit({ idx: span.index, offset: span.offset, size: span.size, ...(sha256 ? { sha256 } : {}) }, durable);
        onDurable?.(span);
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        release();
        inFlight.delete(task);
      });
    inFlight.add(task);
  }
  await Promise.all(inFlight);
  if (failure) throw failure instanceof Error ? failure : new Error('transfer failed');
  ctx.signal.throwIfAborted();
  if (ctx.units().length < spans.length) throw new Drained();
}
