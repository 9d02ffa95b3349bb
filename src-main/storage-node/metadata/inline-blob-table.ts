/**
 * `inline_blobs` (schema version 6): small blobs kept inside the catalog
 * instead of as files, as MinIO keeps small objects inside their metadata
 * file. Creating a file per 4 KiB blob (an `open` that waits on the file
 * system's journal, then a sync of file and folder, or a later syncfs) cost
 * more than the rest of a small upload together; a row written in the very
 * transaction that commits the objects referring to it is durable with that
 * one WAL sync. Rows are content-addressed like blob files (one row per
 * distinct content, whatever the number of objects sharing it), referenced
 * through `object_segments` as files are, and deleted by the collector with
 * the file of the same name when nothing refers to the blob any more.
 */
import { statement, type Db } from '../../common/sqlite';

/** Bytes bound to one multi-row insert at most: the request's blobs are copied into one buffer per statement. */
const BATCH_BYTES = 4 * 1024 * 1024;

export class InlineBlobTable {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      // Rows are [blob, offset, size] into ?2, the blobs' bytes one after another.
      insert: statement<never, [string, Buffer]>(
        db,
        'INSERT OR IGNORE INTO inline_blobs (blob, data) SELECT r.value->>0, substr(?2, (r.value->>1) + 1, r.value->>2) FROM json_each(?1) AS r',
      ),
      remove: statement<never, [string]>(db, 'DELETE FROM inline_blobs WHERE blob = ?'),
      data: statement<{ data: ArrayBuffer }, [string]>(db, 'SELECT data FROM inline_blobs WHERE blob = ?'),
    };
  }

  /**
   * Call inside the transaction that commits the referring rows (a blob stored
   * already keeps its row). A few multi-row statements, not one per blob: a
   * statement call through libsql cost more than the row it writes.
   */
  recordAll(blobs: ReadonlyArray<{ blob: string; data: Buffer }>): void {
    for (let start = 0; start < blobs.length; ) {
      const rows: Array<[string, number, number]> = [];
      const buffers: Buffer[] = [];
      let bytes = 0;
      for (; start < blobs.length && (rows.length === 0 || bytes + blobs[start]!.data.length <= BATCH_BYTES); start++) {
        const { blob, data } = blobs[start]!;
        rows.push([blob, bytes, data.length]);
        buffers.push(data);
        bytes += data.length;
      }
      this.s.insert.run(JSON.stringify(rows), Buffer.concat(buffers, bytes));
    }
  }

  data(blob: string): Buffer | undefined {
    const row = this.s.data.get(blob);
    return row && Buffer.from(row.data); // libsql answers a BLOB as an ArrayBuffer
  }

  forget(blob: string): void {
    this.s.remove.run(blob);
  }
}
