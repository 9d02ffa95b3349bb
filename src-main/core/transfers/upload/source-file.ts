/**
 * The local file an upload reads: it must still be the one the job started
 * with (same size and mtime) before and after its bytes go out, otherwise the
 * upload starts over (SourceChanged), so nothing half old, half new is stored.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { UploadBodyError } from '../../../providers/provider-errors';
import { explainLocalError } from '../local-file-error';
import { SourceChanged, type RunContext } from '../run-context';

export async function ensureSourceUnchanged(ctx: RunContext): Promise<void> {
  const { job } = ctx;
  let info;
  try {
    info = await stat(job.local_path);
    await access(job.local_path, constants.R_OK); // stat succeeds on a file we may not read
  } catch (error) {
    throw explainLocalError(error, job.local_path);
  }
  if (info.size !== job.size || Math.floor(info.mtimeMs) !== job.source_mtime) {
    ctx.patch({ size: info.size, source_mtime: Math.floor(info.mtimeMs), sha256: null });
    throw new SourceChanged(job.local_path);
  }
}

/** A body error as the job should fail with: the file's own error explained, or a changed file restarting the upload. */
export function explainBodyError(error: unknown, path: string): unknown {
  if (!(error instanceof UploadBodyError)) return error;
  return error.reason === 'sizeChanged' ? new SourceChanged(path) : explainLocalError(error.cause, path);
}
