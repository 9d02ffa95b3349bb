/**
 * The transfers of a run as requests to the transfer queue, and the journal
 * entries of what is in sync. Uploads replace what is at their path (the plan
 * decided so); what they replace goes to the remote trash first where the
 * service keeps one (elsewhere a copy was kept in the local trash before:
 * keep-copies.ts). Downloads always carry a local trash path: a file may
 * appear at their path between the plan and the download's end (the user
 * saving it meanwhile), and a download must never overwrite a local file.
 */
import { join } from 'node:path';
import { baseName } from '@shared/jcs/object-path';
import type { TransferRequest } from '../transfers/transfer-queue';
import type { LocalFile } from './local-scan';
import { localPathOf, type ExecuteContext } from './execute-context';
import type { RemoteFile } from './remote-scan';
import type { JournalEntry } from './sync-store';
import type { PlannedAction } from './sync-planner';
import { trashPathFor } from './trash-paths';

export type TransferAction = Extract<PlannedAction, { kind: 'upload' | 'download' | 'conflict' }>;

/**
 * The requests of a run's transfers, in plan order (a conflict: the kept
 * version's copy to the other side, if any, then the other version to the
 * path), made one at a time as the queue reads them: a first sync of 100,000
 * files must not hold 100,000 requests at once.
 */
export function* transferRequests(ctx: ExecuteContext, transfers: readonly TransferAction[]): Generator<TransferRequest> {
  for (const action of transfers) {
    if (action.kind === 'upload') yield uploadRequest(ctx, action.path, action.local, action.replaces !== undefined && ctx.policy.trash);
    else if (action.kind === 'download') yield downloadRequest(ctx, action.path, action.remote);
    else if (action.renamed === 'remote') {
      if (action.copyKept) yield downloadRequest(ctx, action.keptAs, action.remote);
      yield uploadRequest(ctx, action.path, action.local, false);
    } else {
      if (action.copyKept) yield uploadRequest(ctx, action.keptAs, action.local, false);
      yield downloadRequest(ctx, action.path, action.remote);
    }
  }
}

/** An upload of `rel`; `trash`: what it replaces is moved to the remote trash first. */
export function uploadRequest(ctx: ExecuteContext, rel: string, local: LocalFile, trash: boolean): TransferRequest {
  return {
    direction: 'upload',
    connectionId: ctx.remote.connectionId,
    root: ctx.remote.root,
    remotePath: ctx.remote.remotePath + rel,
    localPath: join(ctx.root, ...rel.split('/')),
    localRoot: null,
    displayName: baseName(rel),
    size: local.size,
    sourceMtime: local.mtime,
    remote: null,
    conflict: 'overwrite',
    trashPath: trash ? ctx.remote.remotePath + trashPathFor(ctx.stamp, rel) : null,
  };
}

/** A download of the object at `rel` to `localRel` (the same path, or a place in the local trash for a kept copy). */
export function downloadRequest(ctx: ExecuteContext, rel: string, remote: RemoteFile, localRel = rel): TransferRequest {
  const localPath = localPathOf(ctx, localRel);
  return {
    direction: 'download',
    connectionId: ctx.remote.connectionId,
    root: ctx.remote.root,
    remotePath: ctx.remote.remotePath + rel,
    localPath,
    localRoot: ctx.root,
    displayName: baseName(rel),
    size: remote.size,
    sourceMtime: null,
    remote: { ref: remote.ref, version: remote.version },
    conflict: 'overwrite',
    // A kept copy goes to a free place in the trash: anything found there meanwhile steps aside, never overwritten.
    trashPath: localRel === rel ? localPathOf(ctx, trashPathFor(ctx.stamp, rel), '') : localPath,
  };
}

export function journalFor(path: string, local: LocalFile, remote: RemoteFile, localHash: string | null): Omit<JournalEntry, 'synced_at'> {
  return { path, local_size: local.size, local_mtime: local.mtime, local_hash: localHash, remote_ref: remote.ref, remote_version: remote.version, remote_size: remote.size };
}
