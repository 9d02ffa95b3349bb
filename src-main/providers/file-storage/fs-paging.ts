/**
 * Reading a slice of the service's list whatever its `offset` means. The spec
 * page decides `offset` is an item offset (the seed's example sends 0), but
 * the seed's table calls it a page index with default 1, so the client
 * tolerates servers that page by index (from 0 or from 1). It finds out once,
 * the first time it needs an offset past 0, by comparing two small listings
 * of the same order; when the list is too short to tell, it assumes an item
 * offset and asks again next time.
 */
import type { WireFile } from './fs-wire';
import type { FsClient, WireListQuery } from './fs-client';

export type OffsetMode = 'item' | 'page0' | 'page1';

export class FsPaging {
  private mode: OffsetMode | null = null;

  constructor(private readonly client: FsClient) {}

  /** Entries [offset, offset + count) of the listing `query` (without its offset/limit), and the total. */
  async slice(query: Omit<WireListQuery, 'offset' | 'limit'>, offset: number, count: number, signal?: AbortSignal): Promise<{ files: WireFile[]; total: number }> {
    const mode = offset === 0 ? (this.mode ?? 'item') : await this.offsetMode(signal);
    if (mode === 'item' || (offset === 0 && mode === 'page0')) return this.client.list({ ...query, offset, limit: count }, signal);
    if (mode === 'page1' && offset === 0) return this.client.list({ ...query, offset: 1, limit: count }, signal);
    // By page index: pages of `count`, the slice spanning at most two of them.
    const first = Math.floor(offset / count);
    const skip = offset - first * count;
    const base = mode === 'page1' ? 1 : 0;
    const head = await this.client.list({ ...query, offset: first + base, limit: count }, signal);
    let files = head.files.slice(skip);
    if (skip > 0 && head.files.length === count) {
      const next = await this.client.list({ ...query, offset: first + base + 1, limit: count }, signal);
      files = files.concat(next.files.slice(0, skip));
    }
    return { files, total: head.total };
  }

  private async offsetMode(signal?: AbortSignal): Promise<OffsetMode> {
    if (this.mode) return this.mode;
    const order = { orderBy: 'created' as const, order: 'asc' as const };
    const head = await this.client.list({ ...order, offset: 0, limit: 3 }, signal);
    const ids = head.files.map((f) => f.id);
    if (ids.length >= 3) {
      const probe = (await this.client.list({ ...order, offset: 1, limit: 2 }, signal)).files[0]?.id;
      const found: OffsetMode | null = probe === ids[1] ? 'item' : probe === ids[2] ? 'page0' : probe === ids[0] ? 'page1' : null;
      if (found) this.mode = found;
      return found ?? 'item';
    }
    if (ids.length === 2) {
      // One item per page: an item offset and a page index from 0 read alike, a page index from 1 does not.
      const probe = (await this.client.list({ ...order, offset: 1, limit: 1 }, signal)).files[0]?.id;
      if (probe === ids[0]) this.mode = 'page1';
    }
    return this.mode ?? 'item';
  }
}
