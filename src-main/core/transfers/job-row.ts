/** A row of transfer_jobs (app-database.ts): one job of the transfer queue. Its own file, so that the store and its row reader both import it without a cycle. */
import type { ConflictPolicy, TransferState } from '@shared/contract/domain';

export interface JobRow {
  seq: number;
  id: string;
  batch_id: string;
  direction: 'upload' | 'download';
  source: 'disk' | 'browser';
  state: TransferState;
  /** 'file': a browser upload whose page went away, waiting for its file to be dropped again (browser-upload-holders.ts). */
  waiting: 'conflict' | 'file' | null;
  connection_id: string;
  /** The provider's id of the root the object is in (opaque). */
  root: string;
  remote_path: string;
  /** The provider's ref of the object read, or written once it is (opaque; null when the provider gives none). */
  object_ref: string | null;
  local_path: string;
  display_name: string;
  size: number;
  bytes_done: number;
  part_size: number | null;
  source_mtime: number | null;
  /** An unfinished multipart upload: the provider's handle state (MultipartHandle.state), as it gave it. */
  upload_handle: string | null;
  /** The object's version token (RemoteEntry.version): the one a download reads, or the one an upload wrote. */
  remote_version: string | null;
  /** Lowercase hex SHA-256 of the bytes sent (uploads: once all are out) or received (downloads: once complete). */
  sha256: string | null;
  /** A completed download: 1 when checked against a hash the service vouches for, 0 when there was none ("not verified"). */
  verified: number | null;
  conflict: ConflictPolicy;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  /** The sync task that made this job, if any. */
  sync_task_id: string | null;
  /** Where a destination this job replaces is moved first (a trash path), instead of being overwritten. */
  trash_root: string | null;
  /** Downloads: the folder the file (and its trash copy) must stay inside; null for uploads and older rows. */
  local_root: string | null;
  /** One file, or a folder read as one zip: saved as the zip, or unpacked (download only). */
  kind: TransferJobKind;
  /** A folder job: what it refused to unpack, as JSON (`UnpackReport`); null otherwise. */
  report: string | null;
}

export type TransferJobKind = 'file' | 'folderZip' | 'folderUnpack';
