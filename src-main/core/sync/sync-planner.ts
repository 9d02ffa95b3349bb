/**
 * The heart of sync: compares the local folder, the remote listing and the
 * journal (both sides as they were at the last sync) and decides, per path,
 * what to do. Pure: no I/O, so every rule is unit-tested.
 *
 * Rules that keep data safe:
 * - A side "changed" only relative to the journal; a path never synced is new,
 *   never "deleted".
 * - Changed on both sides (or new on both with different content): a conflict.
 *   Both versions survive: one is kept as `name (conflict ...)`.
 * - A deletion propagates only when the other side is unchanged; a
 *   modification always wins over a deletion.
 * - One-way tasks (Syncthing's send-only / receive-only folders) copy the
 *   sending side (the folder for upload, the package for download) to the
 *   receiving side, and never overwrite a change made on the receiving side:
 *   a file changed there only is kept as it is (`keep`, counted as a kept
 *   change until `revert` asks for the sending side's version); changed on
 *   both sides, or different on both before the first sync, it is a
 *   conflict whose receiving-side version is kept under the conflict name on
 *   that side. Files only the receiving side has are left alone; a synced
 *   file deleted there is copied again (nothing of the user's is lost by it).
 * - Whatever sync replaces or deletes goes to that side's trash (the executor).
 * - Remote objects are compared by the provider's handle and change token
 *   (`ref`, `version`), contents by SHA-256: a remote hash counts only when the
 *   provider's hash can be trusted. What the remote cannot do is never
 *   planned (remote-side.ts): no remote moves without `move` (a rename is an
 *   upload and a deletion; a conflict renames this computer's version aside,
 *   or, in an upload task, keeps the remote change), no remote deletions when
 *   it can neither move nor delete.
 */
import type { SyncDirection } from '@shared/contract/sync';
import type { SyncReasonCode } from '@shared/contract/sync-codes';
import type { LocalFile } from './local-scan';
import type { RemoteFile } from './remote-scan';
import type { JournalState } from './sync-store';

export type PlannedAction =
  | { kind: 'upload'; path: string; local: LocalFile; replaces: RemoteFile | undefined; reason: SyncReasonCode }
  | { kind: 'download'; path: string; remote: RemoteFile; replacesLocal: boolean; reason: SyncReasonCode }
  | { kind: 'deleteRemote'; path: string; remote: RemoteFile; reason: SyncReasonCode }
  | { kind: 'deleteLocal'; path: string; local: LocalFile; reason: SyncReasonCode }
  | { kind: 'moveRemote'; path: string; to: string; remote: RemoteFile; local: LocalFile; reason: SyncReasonCode }
  | { kind: 'moveLocal'; path: string; to: string; remote: RemoteFile; local: LocalFile; reason: SyncReasonCode }
  /**
   * Both versions kept: the `renamed` side's version moves to `keptAs` on its side (the package's in
   * two-way and upload tasks, this computer's in download tasks); the other version then takes the
   * path on both sides, and (`copyKept`, two-way only) the kept version goes to the other side too.
   */
  | { kind: 'conflict'; path: string; keptAs: string; renamed: 'local' | 'remote'; copyKept: boolean; local: LocalFile; remote: RemoteFile; reason: SyncReasonCode }
  /** A one-way task leaves a file changed on its receiving side (`side`) as it is. */
  | { kind: 'keep'; path: string; side: 'local' | 'remote'; local: LocalFile; remote: RemoteFile; reason: SyncReasonCode }
  /** Both sides hold the same content but the journal does not know it yet. */
  | { kind: 'record'; path: string; local: LocalFile; remote: RemoteFile; reason: SyncReasonCode }
  /** The journal remembers a path that is gone on both sides. */
  | { kind: 'forget'; path: string; reason: SyncReasonCode };

export interface PlanInput {
  direction: SyncDirection;
  mode: { includeSize: boolean; includeModTime: boolean; checkHash: boolean };
  propagateDeletions: boolean;
  local: ReadonlyMap<string, LocalFile>;
  remote: ReadonlyMap<string, RemoteFile>;
  journal: ReadonlyMap<string, JournalState>;
  /** SHA-256 (lowercase hex) of local files, for the paths that need one (see `pathsNeedingLocalHash`). */
  localHashes: ReadonlyMap<string, string>;
  /** What may be done on the remote (remote-side.ts); both when omitted. */
  remoteCan?: { move: boolean; delete: boolean };
  /** Paths not to touch now: still being written, or with a transfer under way. */
  skip: ReadonlySet<string>;
  /** Only these paths (a run triggered by a few local changes); undefined: everything. */
  scope?: ReadonlySet<string>;
  /** For conflict names. */
  now: Date;
  /** One-way tasks: replace files changed on the receiving side with the sending side's version (into that side's trash) instead of keeping them. */
  revert?: boolean;
  /**
   * Paths that exist though the maps above leave them out (a full scan's merge drops what is in sync
   * on both sides: scan-merge.ts): a conflict name is never one of them.
   */
  alsoTaken?: (path: string) => boolean;
}

/**
 * Whether the local file changed since the journal's entry; with `checkHash`,
 * also by content when its hash (`hash`) and the synced content's (`known`) are
 * both known.
 */
export function localChanged(local: LocalFile, entry: JournalState, mode: PlanInput['mode'], hash: string | undefined, known: string | null = entry.local_hash): boolean {
  const bySize = mode.includeSize || !mode.includeModTime; // with neither chosen, compare both
  const byTime = mode.includeModTime || !mode.includeSize;
  if (bySize && local.size !== entry.local_size) return true;
  if (byTime && local.mtime !== entry.local_mtime) return true;
  if (mode.checkHash && hash !== undefined && known !== null && hash !== known) return true;
  return false;
}

export function remoteChanged(remote: RemoteFile, entry: JournalState): boolean {
  return remote.ref !== entry.remote_ref || remote.version !== entry.remote_version;
}

/**
 * The synced content's hash: the one the journal recorded, or (a journal entry
 * made by a transfer records none) the remote's own trusted hash while the
 * remote is unchanged: in sync, the local content is the remote's.
 */
function syncedHash(entry: JournalState, remote: RemoteFile | undefined): string | null {
  return entry.local_hash ?? (remote && !remoteChanged(remote, entry) ? (remote.hash ?? null) : null);
}

/**
 * Local files whose hash the plan needs: new on both sides with equal size,
 * changed on both sides to equal sizes, a download task's local change of
 * equal size (kept only if the content differs) — each only where the remote
 * has a trusted hash to compare with —, a new file that may be a synced file
 * renamed (moves are checked by content), or (checkHash) unchanged by size
 * and time.
 */
export function pathsNeedingLocalHash(input: Omit<PlanInput, 'localHashes' | 'now'>): string[] {
  const out: string[] = [];
  const vanished = new Set<string>();
  if (input.remoteCan?.move !== false) for (const [path, entry] of input.journal) if (!input.local.has(path)) vanished.add(`${entry.local_size}:${entry.local_mtime}`);
  const bySizeAndTime = { ...input.mode, checkHash: false };
  for (const [path, local] of input.local) {
    if (input.scope && !input.scope.has(path)) continue;
    const remote = input.remote.get(path);
    const entry = input.journal.get(path);
    const comparable = remote !== undefined && remote.hash !== undefined && remote.size === local.size;
    if (!entry && comparable) out.push(path);
    else if (!entry && !remote && vanished.size > 0 && vanished.has(`${local.size}:${local.mtime}`)) out.push(path);
    else if (entry && comparable && remoteChanged(remote, entry) && localChanged(local, entry, bySizeAndTime, undefined)) out.push(path);
    // A download task keeps a local change: one that only touched the file (same content) is not one.
    else if (entry && comparable && input.direction === 'download' && localChanged(local, entry, bySizeAndTime, undefined)) out.push(path);
    else if (entry && input.mode.checkHash && !localChanged(local, entry, bySizeAndTime, undefined)) out.push(path);
  }
  return out;
}

export function conflictName(path: string, now: Date, taken: (path: string) => boolean): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const slash = path.lastIndexOf('/');
  const folder = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n++) {
    const candidate = `${folder}${stem} (conflict ${stamp}${n > 1 ? ` ${n}` : ''})${ext}`;
    if (!taken(candidate)) return candidate;
  }
}

export function planSync(input: PlanInput): PlannedAction[] {
  const { local, remote, journal, direction } = input;
  const ups = direction !== 'download';
  const downs = direction !== 'upload';
  const remoteCan = input.remoteCan ?? { move: true, delete: true };
  const actions: PlannedAction[] = [];
  let paths: string[];
  if (input.scope) paths = [...input.scope];
  else {
    // Every path either side or the journal knows, once: no 3×N intermediate array, and no set of
    // every path either (the maps' own lookups say whether a path was taken already).
    paths = [...local.keys()];
    for (const p of remote.keys()) if (!local.has(p)) paths.push(p);
    for (const p of journal.keys()) if (!local.has(p) && !remote.has(p)) paths.push(p);
  }
  const consumed = new Set<string>();
  const reserved = new Set<string>();
  const taken = (p: string) => local.has(p) || remote.has(p) || reserved.has(p) || input.alsoTaken?.(p) === true;
  /** Different content on both sides and no way to tell which is wanted: keep both (or, reverting a one-way task, the sending side's). */
  const differing = (path: string, l: LocalFile, r: RemoteFile, why: 'createdOnBoth' | 'changedOnBoth'): PlannedAction => {
    if (direction === 'upload' && input.revert) return { kind: 'upload', path, local: l, replaces: r, reason: `${why}RevertedToLocal` };
    if (direction === 'download' && input.revert) return { kind: 'download', path, remote: r, replacesLocal: true, reason: `${why}RevertedToRemote` };
    // Without remote moves the package's version cannot step aside: an upload task keeps it (Revert replaces it, kept in the local trash first).
    if (direction === 'upload' && !remoteCan.move) return { kind: 'keep', path, side: 'remote', local: l, remote: r, reason: 'changedRemotelyKept' };
    const keptAs = conflictName(path, input.now, taken);
    reserved.add(keptAs);
    // The receiving side's version steps aside: in a download task that is this computer's, otherwise the package's
    // (this computer's in a two-way task too when the remote cannot move: both versions still reach both sides).
    const renamed = direction === 'download' || !remoteCan.move ? 'local' : 'remote';
    return { kind: 'conflict', path, keptAs, renamed, copyKept: direction === 'twoWay', local: l, remote: r, reason: why };
  };

  const moves = detectMoves(input, ups && remoteCan.move, downs);
  for (const move of moves) {
    actions.push(move);
    consumed.add(move.path);
    consumed.add(move.to);
  }

  for (const path of paths.sort()) {
    if (consumed.has(path) || input.skip.has(path)) continue;
    const l = local.get(path);
    const r = remote.get(path);
    const j = journal.get(path);
    const hash = input.localHashes.get(path);
    const sameAsRemote = hash !== undefined && r?.hash !== undefined && hash === r.hash;

    if (!j) {
      if (l && r) {
        if (sameAsRemote) actions.push({ kind: 'record', path, local: l, remote: r, reason: 'sameContent' });
        else actions.push(differing(path, l, r, 'createdOnBoth'));
      } else if (l && ups) actions.push({ kind: 'upload', path, local: l, replaces: undefined, reason: 'newLocal' });
      else if (r && downs) actions.push({ kind: 'download', path, remote: r, replacesLocal: false, reason: 'newRemote' });
      continue;
    }

    if (!l && !r) {
      actions.push({ kind: 'forget', path, reason: 'goneOnBoth' });
      continue;
    }
    const known = syncedHash(j, r);
    const lChanged = l ? localChanged(l, j, input.mode, hash, known) : false;
    const rChanged = r ? remoteChanged(r, j) : false;

    if (l && r) {
      if (!lChanged && !rChanged) {
        // checkHash on a file whose synced content's hash is not known yet (an untrusted or hashless service): learn it now.
        if (input.mode.checkHash && hash !== undefined && known === null) actions.push({ kind: 'record', path, local: l, remote: r, reason: 'sameContent' });
        continue;
      }
      if (lChanged && rChanged) {
        if (sameAsRemote) actions.push({ kind: 'record', path, local: l, remote: r, reason: 'sameChange' });
        else actions.push(differing(path, l, r, 'changedOnBoth'));
      } else if (lChanged) {
        if (ups) actions.push({ kind: 'upload', path, local: l, replaces: r, reason: 'changedLocally' });
        else if (sameAsRemote) actions.push({ kind: 'record', path, local: l, remote: r, reason: 'touchedLocally' });
        else if (input.revert) actions.push({ kind: 'download', path, remote: r, replacesLocal: true, reason: 'changedLocallyReverted' });
        else actions.push({ kind: 'keep', path, side: 'local', local: l, remote: r, reason: 'changedLocallyKept' });
      } else {
        if (downs) actions.push({ kind: 'download', path, remote: r, replacesLocal: true, reason: 'changedRemotely' });
        else if (input.revert) actions.push({ kind: 'upload', path, local: l, replaces: r, reason: 'changedRemotelyReverted' });
        else actions.push({ kind: 'keep', path, side: 'remote', local: l, remote: r, reason: 'changedRemotelyKept' });
      }
      continue;
    }

    if (l && !r) {
      // Gone remotely.
      if (lChanged) {
        if (ups) actions.push({ kind: 'upload', path, local: l, replaces: undefined, reason: 'deletedRemotelyChangedLocally' });
        else actions.push({ kind: 'forget', path, reason: 'deletedRemotelyLocalKept' });
      } else if (downs && input.propagateDeletions) actions.push({ kind: 'deleteLocal', path, local: l, reason: 'deletedRemotely' });
      else if (ups) actions.push({ kind: 'upload', path, local: l, replaces: undefined, reason: 'missingRemotely' });
      else actions.push({ kind: 'forget', path, reason: 'deletedRemotelyNotPropagated' });
      continue;
    }

    if (r && !l) {
      // Gone locally.
      if (rChanged) {
        if (downs) actions.push({ kind: 'download', path, remote: r, replacesLocal: false, reason: 'deletedLocallyChangedRemotely' });
        else actions.push({ kind: 'forget', path, reason: 'deletedLocallyRemoteKept' });
      } else if (ups && input.propagateDeletions && remoteCan.delete) actions.push({ kind: 'deleteRemote', path, remote: r, reason: 'deletedLocally' });
      else if (downs) actions.push({ kind: 'download', path, remote: r, replacesLocal: false, reason: 'missingLocally' });
      else actions.push({ kind: 'forget', path, reason: 'deletedLocallyNotPropagated' });
    }
  }
  return actions;
}

/**
 * Renames: a synced file gone on one side whose exact twin appeared there
 * under a new path (locally: same size and mtime, only one candidate on each
 * side, and the content the journal knows; remotely: the same ref and
 * version, which a move keeps where the service keeps them) becomes a move on
 * the other side (remote moves only where the service can), instead of a delete and a
 * fresh transfer. A wrong guess would leave different content on the two
 * sides with a journal saying they agree, so anything less certain is not a move.
 */
function detectMoves(input: PlanInput, ups: boolean, downs: boolean): Array<Extract<PlannedAction, { kind: 'moveRemote' | 'moveLocal' }>> {
  const { local, remote, journal, skip } = input;
  const inScope = (p: string) => !input.scope || input.scope.has(p);
  const moves: Array<Extract<PlannedAction, { kind: 'moveRemote' | 'moveLocal' }>> = [];

  if (ups) {
    const vanished = new Map<string, number>();
    for (const [path, j] of journal) {
      if (!local.has(path)) vanished.set(`${j.local_size}:${j.local_mtime}`, (vanished.get(`${j.local_size}:${j.local_mtime}`) ?? 0) + 1);
    }
    // Only a new file whose size and time match a vanished one's can be its move: the others are not
    // gathered (a first sync's 100,000 new files made as many keys and arrays, all garbage).
    const newLocal = new Map<string, string[]>();
    if (vanished.size > 0) {
      for (const [path, l] of local) {
        if (journal.has(path) || remote.has(path) || skip.has(path)) continue;
        const key = `${l.size}:${l.mtime}`;
        if (!vanished.has(key)) continue;
        const twins = newLocal.get(key);
        if (twins) twins.push(path);
        else newLocal.set(key, [path]);
      }
    }
    for (const [path, j] of journal) {
      if (local.has(path) || skip.has(path) || !inScope(path)) continue;
      const r = remote.get(path);
      if (!r || remoteChanged(r, j)) continue;
      const key = `${j.local_size}:${j.local_mtime}`;
      const twins = newLocal.get(key);
      if (twins?.length !== 1 || vanished.get(key) !== 1) continue;
      const to = twins[0]!;
      const known = syncedHash(j, r);
      if (known === null || input.localHashes.get(to) !== known) continue;
      newLocal.delete(key);
      moves.push({ kind: 'moveRemote', path, to, remote: r, local: local.get(to)!, reason: 'renamedLocally' });
    }
  }

  if (downs) {
    const byObject = new Map<string, string>();
    for (const [path, r] of remote) if (r.ref !== null && !journal.has(path) && !local.has(path)) byObject.set(r.ref, path);
    for (const [path, j] of journal) {
      if (remote.has(path) || skip.has(path) || moves.some((m) => m.path === path)) continue;
      const l = local.get(path);
      if (!l || localChanged(l, j, input.mode, undefined)) continue;
      const to = j.remote_ref === null ? undefined : byObject.get(j.remote_ref);
      if (!to || skip.has(to)) continue;
      const r = remote.get(to)!;
      if (r.version !== j.remote_version) continue;
      moves.push({ kind: 'moveLocal', path, to, remote: r, local: l, reason: 'renamedRemotely' });
    }
  }
  return moves;
}
