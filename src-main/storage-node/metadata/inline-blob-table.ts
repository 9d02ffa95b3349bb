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

export class InlineBlobTable {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      insert: statement<never, [string, Buffer]>(db, 'INSERT OR IGNORE INTO inline_blobs (blob, data) VALUES (?, ?)'),
      remove: statement<never, [string]>(db, 'DELETE FROM inline_blobs WHERE blob = ?'),
      data: statement<{ data: ArrayBuffer }, [string]>(db, 'SELECT data FROM inline_blobs WHERE blob = ?'),
    };
  }

  /** Call inside the transaction that commits the referring rows (a blob stored already keeps its row). */
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
}
