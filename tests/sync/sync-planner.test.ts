/**
 * The three-way planner, rule by rule, in every direction: what it does with a
 * path given the local scan, the remote listing and the journal (both sides as
 * they were at the last sync). Pure: no files, no server.
 */
import { describe, expect, it } from 'vitest';
import type { SyncDirection } from '../../src-shared/contract/sync';
import type { LocalFile } from '../../src-main/core/sync/local-scan';
import type { RemoteFile } from '../../src-main/core/sync/remote-scan';
import { conflictName, pathsNeedingLocalHash, planSync, type PlanInput, type PlannedAction } from '../../src-main/core/sync/sync-planner';
import type { JournalEntry } from '../../src-main/core/sync/sync-store';

const NOW = new Date(2024, 2, 5, 7, 8, 9); // local time: conflict names use the user's clock
const STAMP = '2024-03-05 070809';
const DIRECTIONS: SyncDirection[] = ['upload', 'download', 'twoWay'];
const BOTH_MODES = { includeSize: true, includeModTime: true, checkHash: false };

/** A stand-in SHA-256 (lowercase hex) of a content. */
const hashOf = (name: string) => Buffer.from(name).toString('hex').padEnd(64, '0');
const local = (size: number, mtime: number): LocalFile => ({ size, mtime });
/** A remote object as a provider with trusted hashes lists it: its ref, a version token, and the content's hash. */
const remote = (objectId: number, content: string, size = content.length): RemoteFile => ({ ref: String(objectId), version: `v-${hashOf(content)}`, size, hash: hashOf(content) });
function journal(path: string, l: LocalFile, r: RemoteFile, localHash: string | null = null): JournalEntry {
  return { path, local_size: l.size, local_mtime: l.mtime, local_hash: localHash, remote_ref: r.ref, remote_version: r.version, remote_size: r.size, synced_at: 0 };
}

interface Case {
  direction?: SyncDirection;
  local?: Record<string, LocalFile>;
  remote?: Record<string, RemoteFile>;
  journal?: JournalEntry[];
  hashes?: Record<string, string>;
  skip?: string[];
  scope?: string[];
  propagateDeletions?: boolean;
  mode?: Partial<PlanInput['mode']>;
  revert?: boolean;
}

function input(c: Case): PlanInput {
  return {
    direction: c.direction ?? 'twoWay',
    mode: { ...BOTH_MODES, ...c.mode },
    propagateDeletions: c.propagateDeletions ?? true,
    local: new Map(Object.entries(c.local ?? {})),
    remote: new Map(Object.entries(c.remote ?? {})),
    journal: new Map((c.journal ?? []).map((j) => [j.path, j])),
    localHashes: new Map(Object.entries(c.hashes ?? {})),
    skip: new Set(c.skip ?? []),
    scope: c.scope ? new Set(c.scope) : undefined,
    now: NOW,
    revert: c.revert ?? false,
  };
}

const plan = (c: Case) => planSync(input(c));

/** A compact view: kind, path, and what makes the action differ (target, replaced side). */
function summary(actions: readonly PlannedAction[]): string[] {
  return actions.map((a) => {
    switch (a.kind) {
      case 'upload':
        return `upload ${a.path}${a.replaces ? ' (replaces remote)' : ''}`;
      case 'download':
        return `download ${a.path}${a.replacesLocal ? ' (replaces local)' : ''}`;
      case 'moveRemote':
      case 'moveLocal':
        return `${a.kind} ${a.path} -> ${a.to}`;
      case 'conflict':
        return `conflict ${a.path} -> ${a.keptAs} (${a.renamed} renamed${a.copyKept ? ', copied across' : ''})`;
      case 'keep':
        return `keep ${a.path} (${a.side} change)`;
      default:
        return `${a.kind} ${a.path}`;
    }
  });
}

const perDirection = (c: Omit<Case, 'direction'>) => Object.fromEntries(DIRECTIONS.map((direction) => [direction, summary(plan({ ...c, direction }))]));

// A synced file: 'a.txt', 5 bytes, in the journal as it is on both sides.
const L0 = local(5, 1_000);
const R0 = remote(7, 'hello');
const J0 = journal('a.txt', L0, R0);

describe('planSync: paths the journal does not know', () => {
  it('a new local file is uploaded, except by a download task, which leaves it alone', () => {
    expect(perDirection({ local: { 'a.txt': L0 } })).toEqual({ upload: ['upload a.txt'], download: [], twoWay: ['upload a.txt'] });
  });

  it('a new remote file is downloaded, except by an upload task, which leaves it alone', () => {
    expect(perDirection({ remote: { 'a.txt': R0 } })).toEqual({ upload: [], download: ['download a.txt'], twoWay: ['download a.txt'] });
  });

  it('new on both sides with the same content: recorded as in sync, nothing transferred', () => {
    expect(perDirection({ local: { 'a.txt': L0 }, remote: { 'a.txt': R0 }, hashes: { 'a.txt': R0.hash! } })).toEqual({
      upload: ['record a.txt'],
      download: ['record a.txt'],
      twoWay: ['record a.txt'],
    });
  });

  it('new on both sides with different content: a conflict in every direction, the receiving side\'s version renamed on its side (a revert takes the sending side\'s)', () => {
    const c: Case = { local: { 'a.txt': L0 }, remote: { 'a.txt': R0 }, hashes: { 'a.txt': hashOf('other') } };
    expect(perDirection(c)).toEqual({
      upload: [`conflict a.txt -> a (conflict ${STAMP}).txt (remote renamed)`],
      download: [`conflict a.txt -> a (conflict ${STAMP}).txt (local renamed)`],
      twoWay: [`conflict a.txt -> a (conflict ${STAMP}).txt (remote renamed, copied across)`],
    });
    expect(perDirection({ ...c, revert: true })).toEqual({
      upload: ['upload a.txt (replaces remote)'],
      download: ['download a.txt (replaces local)'],
      twoWay: [`conflict a.txt -> a (conflict ${STAMP}).txt (remote renamed, copied across)`],
    });
    // Different sizes need no hash to tell them apart.
    expect(summary(plan({ local: { 'a.txt': local(3, 1) }, remote: { 'a.txt': R0 } }))).toEqual([`conflict a.txt -> a (conflict ${STAMP}).txt (remote renamed, copied across)`]);
  });

  it('a conflict keeps the remote version under a free name, and says both versions survive', () => {
    const [action] = plan({ local: { 'a.txt': local(3, 1) }, remote: { 'a.txt': R0 } });
    expect(action).toMatchObject({ kind: 'conflict', path: 'a.txt', keptAs: `a (conflict ${STAMP}).txt`, local: { size: 3 }, remote: { ref: '7' } });
  });
});

describe('planSync: paths in the journal', () => {
  it('unchanged on both sides: nothing to do', () => {
    expect(perDirection({ local: { 'a.txt': L0 }, remote: { 'a.txt': R0 }, journal: [J0] })).toEqual({ upload: [], download: [], twoWay: [] });
  });

  it('changed locally (size or time): uploaded; a download task keeps the local change as it is, unless asked to revert', () => {
    for (const changed of [local(6, L0.mtime), local(L0.size, L0.mtime + 1)]) {
      const c = { local: { 'a.txt': changed }, remote: { 'a.txt': R0 }, journal: [J0] };
      expect(perDirection(c)).toEqual({
        upload: ['upload a.txt (replaces remote)'],
        download: ['keep a.txt (local change)'],
        twoWay: ['upload a.txt (replaces remote)'],
      });
      expect(summary(plan({ ...c, direction: 'download', revert: true }))).toEqual(['download a.txt (replaces local)']);
    }
  });

  it('touched locally in a download task (same size, new time): the hash decides whether it is a change to keep', () => {
    const c: Case = { direction: 'download', local: { 'a.txt': local(L0.size, L0.mtime + 1) }, remote: { 'a.txt': R0 }, journal: [J0] };
    expect(pathsNeedingLocalHash(input(c))).toEqual(['a.txt']);
    expect(summary(plan({ ...c, hashes: { 'a.txt': R0.hash! } }))).toEqual(['record a.txt']);
    expect(summary(plan({ ...c, hashes: { 'a.txt': hashOf('edited') } }))).toEqual(['keep a.txt (local change)']);
  });

  it('changed remotely (content replaced in place, or another object): downloaded; an upload task keeps the remote change as it is, unless asked to revert', () => {
    for (const changed of [remote(Number(R0.ref), 'HELLO'), remote(99, 'hello')]) {
      const c = { local: { 'a.txt': L0 }, remote: { 'a.txt': changed }, journal: [J0] };
      expect(perDirection(c)).toEqual({
        upload: ['keep a.txt (remote change)'],
        download: ['download a.txt (replaces local)'],
        twoWay: ['download a.txt (replaces local)'],
      });
      expect(summary(plan({ ...c, direction: 'upload', revert: true }))).toEqual(['upload a.txt (replaces remote)']);
    }
  });

  it('changed on both sides: a conflict in every direction; a one-way task renames its receiving side\'s version there and never copies it across', () => {
    const c = { local: { 'a.txt': local(6, 2_000) }, remote: { 'a.txt': remote(7, 'HELLO') }, journal: [J0] };
    expect(perDirection(c)).toEqual({
      upload: [`conflict a.txt -> a (conflict ${STAMP}).txt (remote renamed)`],
      download: [`conflict a.txt -> a (conflict ${STAMP}).txt (local renamed)`],
      twoWay: [`conflict a.txt -> a (conflict ${STAMP}).txt (remote renamed, copied across)`],
    });
    expect(perDirection({ ...c, revert: true })).toEqual({
      upload: ['upload a.txt (replaces remote)'],
      download: ['download a.txt (replaces local)'],
      twoWay: [`conflict a.txt -> a (conflict ${STAMP}).txt (remote renamed, copied across)`],
    });
  });

  it('changed on both sides to the same content: recorded, no conflict copy', () => {
    const c: Omit<Case, 'direction'> = { local: { 'a.txt': local(5, 2_000) }, remote: { 'a.txt': remote(8, 'HELLO') }, journal: [J0] };
    // The planner asks for the local hash of such a path ...
    expect(pathsNeedingLocalHash({ ...input({ ...c, direction: 'twoWay' }) })).toEqual(['a.txt']);
    // ... and with it, sees the two sides agree.
    expect(perDirection({ ...c, hashes: { 'a.txt': hashOf('HELLO') } })).toEqual({ upload: ['record a.txt'], download: ['record a.txt'], twoWay: ['record a.txt'] });
  });

  it('deleted locally, unchanged remotely: the deletion propagates upward only; a download task restores the file', () => {
    expect(perDirection({ remote: { 'a.txt': R0 }, journal: [J0] })).toEqual({ upload: ['deleteRemote a.txt'], download: ['download a.txt'], twoWay: ['deleteRemote a.txt'] });
  });

  it('deleted remotely, unchanged locally: the deletion propagates downward only; an upload task restores the file', () => {
    expect(perDirection({ local: { 'a.txt': L0 }, journal: [J0] })).toEqual({ upload: ['upload a.txt'], download: ['deleteLocal a.txt'], twoWay: ['deleteLocal a.txt'] });
  });

  it('deleted on one side, modified on the other: the modification wins, nothing is deleted', () => {
    expect(perDirection({ remote: { 'a.txt': remote(7, 'HELLO') }, journal: [J0] })).toEqual({
      upload: ['forget a.txt'], // an upload task never downloads: the remote file stays
      download: ['download a.txt'],
      twoWay: ['download a.txt'],
    });
    expect(perDirection({ local: { 'a.txt': local(6, 2_000) }, journal: [J0] })).toEqual({
      upload: ['upload a.txt'],
      download: ['forget a.txt'], // a download task never uploads: the local file stays
      twoWay: ['upload a.txt'],
    });
  });

  it('with propagateDeletions off, a deletion is never carried over: the file comes back or is left alone', () => {
    expect(perDirection({ remote: { 'a.txt': R0 }, journal: [J0], propagateDeletions: false })).toEqual({ upload: ['forget a.txt'], download: ['download a.txt'], twoWay: ['download a.txt'] });
    expect(perDirection({ local: { 'a.txt': L0 }, journal: [J0], propagateDeletions: false })).toEqual({ upload: ['upload a.txt'], download: ['forget a.txt'], twoWay: ['upload a.txt'] });
  });

  it('gone on both sides: the journal forgets it', () => {
    expect(perDirection({ journal: [J0] })).toEqual({ upload: ['forget a.txt'], download: ['forget a.txt'], twoWay: ['forget a.txt'] });
  });

  it('one-way tasks never touch files of the other side that were never synced', () => {
    const c = { local: { 'only-local.txt': L0 }, remote: { 'only-remote.txt': R0 }, propagateDeletions: true };
    expect(summary(plan({ ...c, direction: 'upload' }))).toEqual(['upload only-local.txt']);
    expect(summary(plan({ ...c, direction: 'download' }))).toEqual(['download only-remote.txt']);
  });
});

describe('planSync: what counts as a change (mode)', () => {
  const sizeOnly = { includeSize: true, includeModTime: false };
  const timeOnly = { includeSize: false, includeModTime: true };
  const neither = { includeSize: false, includeModTime: false };
  const run = (l: LocalFile, mode: Partial<PlanInput['mode']>, hashes: Record<string, string> = {}, entry = J0) =>
    summary(plan({ local: { 'a.txt': l }, remote: { 'a.txt': R0 }, journal: [entry], mode, hashes }));

  it('size only ignores a new mtime; time only ignores a new size; neither chosen compares both', () => {
    expect(run(local(5, 9_999), sizeOnly)).toEqual([]);
    expect(run(local(6, 1_000), sizeOnly)).toEqual(['upload a.txt (replaces remote)']);
    expect(run(local(6, 1_000), timeOnly)).toEqual([]);
    expect(run(local(5, 9_999), timeOnly)).toEqual(['upload a.txt (replaces remote)']);
    expect(run(local(6, 1_000), neither)).toEqual(['upload a.txt (replaces remote)']);
    expect(run(local(5, 9_999), neither)).toEqual(['upload a.txt (replaces remote)']);
  });

  it('checkHash finds content changed behind the same size and time', () => {
    const c: Case = { local: { 'a.txt': L0 }, remote: { 'a.txt': R0 }, journal: [journal('a.txt', L0, R0, R0.hash)], mode: { checkHash: true } };
    expect(pathsNeedingLocalHash(input(c))).toEqual(['a.txt']);
    expect(run(L0, { checkHash: true }, { 'a.txt': hashOf('HELLO') }, journal('a.txt', L0, R0, R0.hash))).toEqual(['upload a.txt (replaces remote)']);
    expect(run(L0, { checkHash: true }, { 'a.txt': R0.hash! }, journal('a.txt', L0, R0, R0.hash))).toEqual([]);
  });

  it('checkHash also works for a path the journal got from a transfer (no separate local hash recorded)', () => {
    // Transfers record the journal with local_hash null: in sync, the local content is the remote's.
    expect(run(L0, { checkHash: true }, { 'a.txt': hashOf('HELLO') })).toEqual(['upload a.txt (replaces remote)']);
    expect(run(L0, { checkHash: true }, { 'a.txt': R0.hash! })).toEqual([]);
  });
});

describe('planSync: renames and moves', () => {
  it('a local rename (the unique twin by size and mtime) becomes a remote move in upload and twoWay; a download task restores the old name', () => {
    const c = { local: { 'renamed.txt': L0 }, remote: { 'a.txt': R0 }, journal: [J0], hashes: { 'renamed.txt': R0.hash! } };
    expect(pathsNeedingLocalHash(input(c))).toEqual(['renamed.txt']); // a candidate is checked by content
    expect(perDirection(c)).toEqual({
      upload: ['moveRemote a.txt -> renamed.txt'],
      download: ['download a.txt'],
      twoWay: ['moveRemote a.txt -> renamed.txt'],
    });
  });

  it('a local rename among many new files of other sizes and times is still found, and they are uploads', () => {
    const others = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`new/${String(i).padStart(2, '0')}.txt`, local(L0.size + 1 + i, L0.mtime + 1 + i)]));
    const actions = summary(plan({ direction: 'upload', local: { ...others, 'renamed.txt': L0 }, remote: { 'a.txt': R0 }, journal: [J0], hashes: { 'renamed.txt': R0.hash! } }));
    expect(actions).toEqual(['moveRemote a.txt -> renamed.txt', ...Object.keys(others).map((p) => `upload ${p}`)]);
  });

  it('a local rename into a new folder is a move too', () => {
    expect(summary(plan({ local: { 'sub/dir/a.txt': L0 }, remote: { 'a.txt': R0 }, journal: [J0], hashes: { 'sub/dir/a.txt': R0.hash! } }))).toEqual(['moveRemote a.txt -> sub/dir/a.txt']);
  });

  it('a new local file with the same size and mtime but other content is not a rename (nor is one whose content is unknown)', () => {
    expect(summary(plan({ local: { 'new.txt': L0 }, remote: { 'a.txt': R0 }, journal: [J0], hashes: { 'new.txt': hashOf('HELLO') } }))).toEqual(['deleteRemote a.txt', 'upload new.txt']);
    expect(summary(plan({ local: { 'new.txt': L0 }, remote: { 'a.txt': R0 }, journal: [J0] }))).toEqual(['deleteRemote a.txt', 'upload new.txt']);
  });

  it('ambiguous twins are not moves: two new local files that both look like the vanished one', () => {
    const actions = summary(plan({ local: { 'b.txt': L0, 'c.txt': L0 }, remote: { 'a.txt': R0 }, journal: [J0], hashes: { 'b.txt': R0.hash!, 'c.txt': R0.hash! } }));
    expect(actions).toEqual(['deleteRemote a.txt', 'upload b.txt', 'upload c.txt']);
  });

  it('ambiguous twins are not moves: two vanished files that both look like the one new local file', () => {
    const other = remote(8, 'world');
    const actions = summary(plan({ local: { 'new.txt': L0 }, remote: { 'a.txt': R0, 'b.txt': other }, journal: [J0, journal('b.txt', L0, other)], hashes: { 'new.txt': R0.hash! } }));
    expect(actions).toEqual(['deleteRemote a.txt', 'deleteRemote b.txt', 'upload new.txt']);
  });

  it('a local rename whose remote original changed meanwhile is not a move: both versions survive', () => {
    const actions = summary(plan({ local: { 'renamed.txt': L0 }, remote: { 'a.txt': remote(7, 'HELLO') }, journal: [J0], hashes: { 'renamed.txt': R0.hash! } }));
    expect(actions).toEqual(['download a.txt', 'upload renamed.txt']);
  });

  it('a remote move (same objectID and content at a new path) becomes a local move in download and twoWay; an upload task restores the old path', () => {
    const c = { local: { 'a.txt': L0 }, remote: { 'moved/b.txt': R0 }, journal: [J0] };
    expect(perDirection(c)).toEqual({
      upload: ['upload a.txt'],
      download: ['moveLocal a.txt -> moved/b.txt'],
      twoWay: ['moveLocal a.txt -> moved/b.txt'],
    });
  });

  it('a remote move of a file changed locally meanwhile is not a move: both versions survive', () => {
    expect(summary(plan({ local: { 'a.txt': local(6, 2_000) }, remote: { 'b.txt': R0 }, journal: [J0] }))).toEqual(['upload a.txt', 'download b.txt']);
  });

  it('a remote move onto a path that exists locally is not a move', () => {
    const actions = summary(plan({ local: { 'a.txt': L0, 'b.txt': local(9, 9) }, remote: { 'b.txt': R0 }, journal: [J0] }));
    expect(actions).toEqual(['deleteLocal a.txt', `conflict b.txt -> b (conflict ${STAMP}).txt (remote renamed, copied across)`]);
  });

  it('renamed on both sides: no move; both names end up on both sides, nothing is lost', () => {
    expect(summary(plan({ local: { 'l.txt': L0 }, remote: { 'r.txt': R0 }, journal: [J0] }))).toEqual(['forget a.txt', 'upload l.txt', 'download r.txt']);
  });

  it('paths in the skip set are not moved', () => {
    expect(summary(plan({ local: { 'renamed.txt': L0 }, remote: { 'a.txt': R0 }, journal: [J0], skip: ['renamed.txt'], hashes: { 'renamed.txt': R0.hash! } }))).toEqual(['deleteRemote a.txt']);
    expect(summary(plan({ local: { 'a.txt': L0 }, remote: { 'b.txt': R0 }, journal: [J0], skip: ['b.txt'] }))).toEqual(['deleteLocal a.txt']);
  });
});

describe('planSync: partial runs and the skip set', () => {
  const many: Case = {
    local: { 'a.txt': local(6, 2_000), 'b.txt': L0, 'c.txt': local(3, 3_000) },
    remote: { 'b.txt': R0, 'gone-locally.txt': R0 },
    journal: [J0, journal('b.txt', L0, R0), journal('gone-locally.txt', L0, R0), journal('gone.txt', L0, R0)],
  };

  it('a scoped run plans only the paths in its scope', () => {
    expect(summary(plan({ ...many, scope: ['a.txt'] }))).toEqual(['upload a.txt']);
    expect(summary(plan({ ...many, scope: ['c.txt', 'gone.txt'] }))).toEqual(['upload c.txt', 'forget gone.txt']);
    expect(summary(plan({ ...many, scope: [] }))).toEqual([]);
    expect(summary(plan(many))).toEqual(['upload a.txt', 'upload c.txt', 'deleteRemote gone-locally.txt', 'forget gone.txt']);
  });

  it('a scoped run sees a rename when both names are in scope', () => {
    expect(summary(plan({ local: { 'new.txt': L0 }, remote: { 'a.txt': R0 }, journal: [J0], scope: ['a.txt', 'new.txt'], hashes: { 'new.txt': R0.hash! } }))).toEqual(['moveRemote a.txt -> new.txt']);
  });

  it('skipped paths (being written, or with a transfer under way) are left for a later run', () => {
    expect(summary(plan({ ...many, skip: ['a.txt', 'gone-locally.txt'] }))).toEqual(['upload c.txt', 'forget gone.txt']);
  });

  it('hashes are asked for only within the scope', () => {
    const c: Case = { local: { 'x.txt': L0, 'y.txt': L0 }, remote: { 'x.txt': R0, 'y.txt': R0 } };
    expect(pathsNeedingLocalHash(input(c)).sort()).toEqual(['x.txt', 'y.txt']);
    expect(pathsNeedingLocalHash(input({ ...c, scope: ['y.txt'] }))).toEqual(['y.txt']);
  });
});

describe('pathsNeedingLocalHash', () => {
  it('asks only where a hash decides something', () => {
    const c: Case = {
      local: { 'same-size.txt': L0, 'other-size.txt': local(9, 1), 'only-local.txt': L0, 'synced.txt': L0, 'changed.txt': local(9, 1) },
      remote: { 'same-size.txt': R0, 'other-size.txt': R0, 'synced.txt': R0, 'changed.txt': R0 },
      journal: [journal('synced.txt', L0, R0), journal('changed.txt', L0, R0)],
    };
    expect(pathsNeedingLocalHash(input(c))).toEqual(['same-size.txt']);
    expect(pathsNeedingLocalHash(input({ ...c, mode: { checkHash: true } })).sort()).toEqual(['same-size.txt', 'synced.txt']);
  });
});

describe('conflictName', () => {
  const none = () => false;

  it('puts the stamp before the extension, in the same folder', () => {
    expect(conflictName('docs/report.txt', NOW, none)).toBe(`docs/report (conflict ${STAMP}).txt`);
    expect(conflictName('archive.tar.gz', NOW, none)).toBe(`archive.tar (conflict ${STAMP}).gz`);
    expect(conflictName('Makefile', NOW, none)).toBe(`Makefile (conflict ${STAMP})`);
    expect(conflictName('a/.bashrc', NOW, none)).toBe(`a/.bashrc (conflict ${STAMP})`);
  });

  it('counts up when the name is taken', () => {
    const taken = new Set([`r (conflict ${STAMP}).txt`, `r (conflict ${STAMP} 2).txt`]);
    expect(conflictName('r.txt', NOW, (p) => taken.has(p))).toBe(`r (conflict ${STAMP} 3).txt`);
  });

  it('a conflict name is never one that exists on either side', () => {
    const actions = plan({
      local: { 'x.txt': local(1, 1), 'x (conflict 2024-03-05 070809).txt': local(1, 1) },
      remote: { 'x.txt': R0 },
    });
    expect(summary(actions)).toEqual([`upload x (conflict ${STAMP}).txt`, `conflict x.txt -> x (conflict ${STAMP} 2).txt (remote renamed, copied across)`]);
  });
});
