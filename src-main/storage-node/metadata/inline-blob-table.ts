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
import { statement, type Db, type TypedStatement } from '../../common/sqlite';

/**
 * Rows per multi-row insert at most. Each blob is bound as a parameter of its
 * own: copying a request's blobs into one buffer per statement (up to MiBs)
 * left the node's malloc heap grown, as glibc raises its mmap threshold to the
 * largest block freed and so keeps later big blocks in a heap it cannot trim.
 */
const MAX_ROWS = 64;

export class InlineBlobTable {
  private readonly s;
  /** Inserts of n rows by n: MAX_ROWS and powers of two below it, prepared when first needed. */
  private readonly inserts = new Map<number, TypedStatement<never, Array<string | Buffer>>>();

  constructor(private readonly db: Db) {
    this.s = {
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
      let rows = MAX_ROWS;
      while (rows > blobs.length - start) rows /= 2;
      const params: Array<string | Buffer> = [];
      for (const { blob, data } of blobs.slice(start, start + rows)) params.push(blob, data);
      this.insertOf(rows).run(...params);
      start += rows;
    }
  }

  private insertOf(rows: number): TypedStatement<never, Array<string | Buffer>> {
    let insert = this.inserts.get(rows);
    if (!insert) {
      insert = statement(this.db, `INSERT OR IGNORE INTO inline_blobs (blob, data) VALUES ${Array.from({ length: rows }, () => '(?, ?)').join(', ')}`);
      this.inserts.set(rows, insert);
    }
    return insert;
  }

  data(blob: string): Buffer | undefined {
    const row = this.s.data.get(blob);
    return row && Buffer.from(row.data); // libsql answers a BLOB as an ArrayBuffer
  }

  forget(blob: string): void {
    this.s.remove.run(blob);
  }
}
