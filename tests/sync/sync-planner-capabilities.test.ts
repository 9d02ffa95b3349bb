/**
 * The planner against services that cannot do everything JCS does
 * (remote-side.ts): no remote move, no remote delete, no trusted hash, no
 * object handles. It plans only what the service can do, and never a plan
 * that could lose a version: both versions of a conflict survive, a deletion
 * the service cannot take is not propagated, content is never taken as equal
 * on an untrusted hash. Pure: no files, no server.
 */
import { describe, expect, it } from 'vitest';
import type { SyncDirection } from '../../src-shared/contract/sync';
import type { LocalFile } from '../../src-main/core/sync/local-scan';
import type { RemoteFile } from '../../src-main/core/sync/remote-scan';
import { pathsNeedingLocalHash, planSync, type PlanInput, type PlannedAction } from '../../src-main/core/sync/sync-planner';
import type { JournalState } from '../../src-main/core/sync/sync-store';

const NOW = new Date(2024, 2, 5, 7, 8, 9);
const STAMP = '2024-03-05 070809';
const hashOf = (content: string) => Buffer.from(content).toString('hex').padEnd(64, '0');
const L0: LocalFile = { size: 5, mtime: 1_000 };
/** An object as a service lists it: a handle and a version token, and a hash only when the service's can be trusted. */
const remote = (ref: string | null, content: string, trusted: boolean): RemoteFile => ({ ref, version: `etag-${content}`, size: content.length, ...(trusted ? { hash: hashOf(content) } : {}) });
const journalOf = (l: LocalFile, r: RemoteFile, localHash: string | null = null): JournalState => ({ local_size: l.size, local_mtime: l.mtime, local_hash: localHash, remote_ref: r.ref, remote_version: r.version });

interface Case {
  direction?: SyncDirection;
  local?: Record<string, LocalFile>;
  remote?: Record<string, RemoteFile>;
  journal?: Record<string, JournalState>;
  hashes?: Record<string, string>;
  checkHash?: boolean;
  remoteCan?: { move: boolean; delete: boolean };
}

function input(c: Case): PlanInput {
  return {
    direction: c.direction ?? 'twoWay',
    mode: { includeSize: true, includeModTime: true, checkHash: c.checkHash ?? false },
    propagateDeletions: true,
    local: new Map(Object.entries(c.local ?? {})),
    remote: new Map(Object.entries(c.remote ?? {})),
    journal: new Map(Object.entries(c.journal ?? {})),
    localHashes: new Map(Object.entries(c.hashes ?? {})),
    skip: new Set(),
    now: NOW,
    ...(c.remoteCan ? { remoteCan: c.remoteCan } : {}),
  };
}

function summary(actions: readonly PlannedAction[]): string[] {
  return actions.map((a) => {
    if (a.kind === 'conflict') return `conflict ${a.path} -> ${a.keptAs} (${a.renamed} renamed${a.copyKept ? ', copied across' : ''})`;
    if (a.kind === 'moveRemote' || a.kind === 'moveLocal') return `${a.kind} ${a.path} -> ${a.to}`;
    if (a.kind === 'keep') return `keep ${a.path} (${a.side} change: ${a.reason})`;
    return `${a.kind} ${a.path}`;
  });
}
const plan = (c: Case) => summary(planSync(input(c)));

const NO_MOVE = { move: false, delete: true };
const NOTHING = { move: false, delete: false };

describe('a service without move', () => {
  const R0 = remote('7', 'hello', true);
  const J0 = journalOf(L0, R0);

  it('a local rename is an upload of the new name and a deletion of the old, not a remote move', () => {
    const c: Case = { local: { 'renamed.txt': L0 }, remote: { 'a.txt': R0 }, journal: { 'a.txt': J0 }, hashes: { 'renamed.txt': R0.hash! } };
    expect(plan(c)).toEqual(['moveRemote a.txt -> renamed.txt']); // with move, for contrast
    expect(plan({ ...c, remoteCan: NO_MOVE })).toEqual(['deleteRemote a.txt', 'upload renamed.txt']);
    expect(pathsNeedingLocalHash(input({ ...c, remoteCan: NO_MOVE }))).toEqual([]); // no rename candidate is worth hashing
  });

  it('a two-way conflict renames this computer\'s version aside and still sends it across: both versions end up on both sides', () => {
    const c: Case = { local: { 'a.txt': { size: 6, mtime: 2_000 } }, remote: { 'a.txt': remote('7', 'HELLO!', true) }, journal: { 'a.txt': J0 } };
    expect(plan(c)).toEqual([`conflict a.txt -> a (conflict ${STAMP}).txt (remote renamed, copied across)`]);
    expect(plan({ ...c, remoteCan: NO_MOVE })).toEqual([`conflict a.txt -> a (conflict ${STAMP}).txt (local renamed, copied across)`]);
  });

  it('an upload task keeps the remote version of a conflict as a kept change (Revert replaces it); a download task is unaffected', () => {
    const c: Case = { local: { 'a.txt': { size: 6, mtime: 2_000 } }, remote: { 'a.txt': remote('7', 'HELLO!', true) }, journal: { 'a.txt': J0 }, remoteCan: NO_MOVE };
    expect(plan({ ...c, direction: 'upload' })).toEqual(['keep a.txt (remote change: changedRemotelyKept)']);
    expect(plan({ ...c, direction: 'download' })).toEqual([`conflict a.txt -> a (conflict ${STAMP}).txt (local renamed)`]);
  });
});

describe('a service that can neither move nor delete', () => {
  const R0 = remote('7', 'hello', true);

  it('a local deletion is not propagated: an upload task forgets the path, a two-way task brings the file back', () => {
    const c: Case = { remote: { 'a.txt': R0 }, journal: { 'a.txt': journalOf(L0, R0) }, remoteCan: NOTHING };
    expect(plan({ ...c, direction: 'upload' })).toEqual(['forget a.txt']);
    expect(plan({ ...c, direction: 'twoWay' })).toEqual(['download a.txt']);
    expect(plan({ ...c, direction: 'twoWay', remoteCan: NO_MOVE })).toEqual(['deleteRemote a.txt']); // delete alone is enough (the executor keeps a local copy first)
  });
});

describe('a service whose hash cannot be trusted (or that has none)', () => {
  it('the same content new on both sides is a conflict that keeps both, not a match: equal-looking is not proof', () => {
    const trusted: Case = { local: { 'a.txt': L0 }, remote: { 'a.txt': remote('7', 'hello', true) }, hashes: { 'a.txt': hashOf('hello') } };
    expect(plan(trusted)).toEqual(['record a.txt']);
    const untrusted: Case = { local: { 'a.txt': L0 }, remote: { 'a.txt': remote('7', 'hello', false) } };
    expect(pathsNeedingLocalHash(input(untrusted))).toEqual([]); // nothing to compare a hash with
    expect(plan({ ...untrusted, hashes: { 'a.txt': hashOf('hello') } })).toEqual([`conflict a.txt -> a (conflict ${STAMP}).txt (remote renamed, copied across)`]);
  });

  it('checkHash learns the synced content\'s hash on the first run, then finds a change behind the same size and time', () => {
    const R0 = remote('7', 'hello', false);
    const c: Case = { local: { 'a.txt': L0 }, remote: { 'a.txt': R0 }, journal: { 'a.txt': journalOf(L0, R0) }, checkHash: true };
    expect(pathsNeedingLocalHash(input(c))).toEqual(['a.txt']);
    const learned = planSync(input({ ...c, hashes: { 'a.txt': hashOf('hello') } }));
    expect(summary(learned)).toEqual(['record a.txt']);
    const known: Case = { ...c, journal: { 'a.txt': journalOf(L0, R0, hashOf('hello')) } };
    expect(plan({ ...known, hashes: { 'a.txt': hashOf('hello') } })).toEqual([]);
    expect(plan({ ...known, hashes: { 'a.txt': hashOf('HELLO') } })).toEqual(['upload a.txt']);
  });

  it('a local rename is a remote move only when the journal knows the content: otherwise an upload and a deletion', () => {
    const R0 = remote('7', 'hello', false);
    const c: Case = { local: { 'renamed.txt': L0 }, remote: { 'a.txt': R0 }, hashes: { 'renamed.txt': hashOf('hello') } };
    expect(plan({ ...c, journal: { 'a.txt': journalOf(L0, R0) } })).toEqual(['deleteRemote a.txt', 'upload renamed.txt']);
    expect(plan({ ...c, journal: { 'a.txt': journalOf(L0, R0, hashOf('hello')) } })).toEqual(['moveRemote a.txt -> renamed.txt']);
  });
});

describe('a service without object handles', () => {
  it('a remote rename is not guessed without a handle to follow: the old path is deleted here, the new one downloaded', () => {
    const moved = remote(null, 'hello', true);
    const c: Case = { local: { 'a.txt': L0 }, remote: { 'b.txt': moved }, journal: { 'a.txt': journalOf(L0, moved) } };
    expect(plan(c)).toEqual(['deleteLocal a.txt', 'download b.txt']);
    const withRef = remote('7', 'hello', true);
    expect(plan({ ...c, remote: { 'b.txt': withRef }, journal: { 'a.txt': journalOf(L0, withRef) } })).toEqual(['moveLocal a.txt -> b.txt']);
  });
});
