/**
 * `blob_journal` (schema version 5): the bytes of small blobs whose files are
 * not yet known to be durable. A version 5 node wrote a row in the
 * transaction that committed the objects referring to the blob and deleted
 * it once the file itself was synced (or the blob collected). Since version 6
 * no row is written: rows a version 5 node left are read at start (restoring
 * their files) and deleted (blobs/blob-journal.ts).
 */
import { statement, type Db } from '../../common/sqlite';

export interface JournaledBlob {
  blob: string;
  data: Buffer;
}

export class BlobJournalTable {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      remove: statement<never, [string]>(db, 'DELETE FROM blob_journal WHERE blob = ?'),
      data: statement<{ data: ArrayBuffer }, [string]>(db, 'SELECT data FROM blob_journal WHERE blob = ?'),
      after: statement<{ blob: string; data: ArrayBuffer }, [string, number]>(db, 'SELECT blob, data FROM blob_journal WHERE blob > ? ORDER BY blob LIMIT ?'),
    };
  }

  data(blob: string): Buffer | undefined {
    const row = this.s.data.get(blob);
    return row && Buffer.from(row.data); // libsql answers a BLOB as an ArrayBuffer
  }

  forget(blob: string): void {
    this.s.remove.run(blob);
  }

  /** Rows in blob order after `after` (paging through a large journal without holding it whole). */
  page(after: string, limit: number): JournaledBlob[] {
    return this.s.after.all(after, limit).map((row) => ({ blob: row.blob, data: Buffer.from(row.data) }));
  }
}
