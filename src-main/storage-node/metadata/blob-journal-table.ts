/**
 * `blob_journal` (schema version 5): the bytes of small blobs whose files are
 * not yet known to be durable. A row is written in the transaction that
 * commits the objects referring to the blob, so the content is durable when
 * the upload is acknowledged; it is deleted once the file itself is synced
 * (or the blob is collected).
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
      insert: statement<never, [string, Buffer]>(db, 'INSERT OR IGNORE INTO blob_journal (blob, data) VALUES (?, ?)'),
      remove: statement<never, [string]>(db, 'DELETE FROM blob_journal WHERE blob = ?'),
      data: statement<{ data: ArrayBuffer }, [string]>(db, 'SELECT data FROM blob_journal WHERE blob = ?'),
      after: statement<{ blob: string; data: ArrayBuffer }, [string, number]>(db, 'SELECT blob, data FROM blob_journal WHERE blob > ? ORDER BY blob LIMIT ?'),
    };
  }

  /** Call inside the transaction that commits the referring rows. */
  record(blob: string, data: Buffer): void {
    this.s.insert.run(blob, data);
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
