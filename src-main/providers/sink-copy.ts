/**
 * A body stream delivered to a BodySink (http-body-into.ts), for answers the
 * direct reader does not take: each chunk is copied into the sink's space,
 * and the stream waits while the sink does. Exactly `length` bytes or an
 * HttpBodyError (retryable: the body was cut or ran long).
 */
import type { Readable } from 'node:stream';
import { HttpBodyError, type BodySink } from './http-body-into';

export async function copyIntoSink(stream: Readable, length: number, sink: BodySink): Promise<void> {
  let delivered = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (delivered + chunk.length > length) {
      stream.destroy();
      throw new HttpBodyError(`the server sent more than the ${length} bytes it announced`, 'body', true);
    }
    for (let offset = 0; offset < chunk.length; ) {
      const space = sink.space();
      const copied = chunk.copy(space, 0, offset);
      offset += copied;
      delivered += copied;
      await sink.received(space.subarray(0, copied));
    }
  }
  if (delivered !== length) throw new HttpBodyError(`the body broke off after ${delivered} of ${length} bytes`, 'body', true);
}
