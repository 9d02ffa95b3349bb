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
  /** The most a page of this service has held when more were asked for and there were more: its own cap. */
  private cap: number | null = null;

  constructor(private readonly client: FsClient) {}

  /**
   * Entries from `offset` of the listing `query` (without its offset/limit),
   * at most `count` (fewer when the service caps its pages: callers go on
   * from `offset + files.length`), and the total.
   */
  async slice(query: Omit<WireListQuery, 'offset' | 'limit'>, offset: number, count: number, signal?: AbortSignal): Promise<{ files: WireFile[]; total: number }> {
    const mode = offset === 0 ? (this.mode ?? 'item') : await this.offsetMode(signal);
    if (mode === 'item') return this.client.list({ ...query, offset, limit: count }, signal);
    // By page index: pages of one size (the service's cap if it has one), the slice spanning at most two of them.
    const size = Math.min(count, this.cap ?? count);
    const first = Math.floor(offset / size);
    const skip = offset - first * size;
    const base = mode === 'page1' ? 1 : 0;
    const head = await this.client.list({ ...query, offset: first + base, limit: size }, signal);
    if (head.files.length > 0 && head.files.length < size && first * size + head.files.length < head.total) {
      // A short page that is not the last: the service caps pages below `size`; page again by its size.
      this.cap = Math.max(1, head.files.length);
      return this.slice(query, offset, count, signal);
    }
    let files = head.files.slice(skip);
    if (skip > 0 && head.files.length === size && files.length < count) {
      const next = await this.client.list({ ...query, offset: first + base + 1, limit: size }, signal);
      files = files.concat(next.files.slice(0, count - files.length));
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
