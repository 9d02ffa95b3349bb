/**
 * `cat`: a file's bytes, or a range of them (`offset`, `length`), streamed
 * from its blob. The blob is pinned in the store while it is read, so an
 * unpin or an object delete meanwhile cannot collect it under the reader.
 * A length past the end is cut at the end (as Kubo does); an offset past the
 * end is refused.
 */
import { pipeline } from 'node:stream/promises';
import { RESPONDED } from '../http/route';
import { resolveIpfsPath } from './ipfs-path';
import type { KuboCommand } from './kubo-command';
import { kuboBadRequest, kuboCommandError } from './kubo-error';

export const catCommand: KuboCommand = {
  path: 'cat',
  body: 'none',
  async handle({ res, query, ipfs }) {
    const target = resolveIpfsPath(ipfs.catalog, query.oneArg('ipfs-path'));
    if (target.kind === 'dir') throw kuboCommandError('this dag node is a directory');
    const { size, blob } = target.row;
    const offset = query.count('offset') ?? 0;
    if (offset > size) throw kuboBadRequest(`offset: ${offset} is beyond the end of the file (${size} bytes)`);
    const length = Math.min(query.count('length') ?? size - offset, size - offset);
    const { store } = ipfs.node;
    store.pin([blob]);
    try {
      res.writeHead(200, {
        'Content-Type': 'text/plain',
        'Content-Length': length,
        'X-Content-Length': String(length),
        'X-Stream-Output': '1',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      if (length === 0) res.end();
      else await pipeline(store.read(blob, offset, offset + length - 1), res);
    } finally {
      store.unpin([blob]);
    }
    return RESPONDED;
  },
};
