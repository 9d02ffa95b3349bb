/**
 * Manual downloads (a package, a folder, single objects) from a hostile JCS
 * service, through the real transfer planner and engine: every listed path
 * that would land outside the chosen folder, or cannot be a file name, is a
 * failed job with the code UnsafeRemotePath and its path in the message, and
 * the rest arrive; nothing outside the folder changes (the canary next to it
 * keeps its bytes, no file or folder appears). Bytes that do not match their
 * fileHash are not kept; hashes that cannot be checked arrive marked "not
 * verified", or are refused before anything is written when the settings
 * require verification. A folder on the way that is a symbolic link leading
 * out is refused at run time.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { showRemotePath } from '../../src-shared/paths/remote-path';
import { jobView, type JobRow } from '../../src-main/core/transfers/transfer-store';
import { HostileJcs } from '../helpers/hostile-jcs';
import { hostileScene, type HostileScene } from '../helpers/hostile-scene';
import { MiB, openRig, putObject, type TransferRig } from '../helpers/transfers';

let rig: TransferRig | undefined;
let hostile: HostileJcs | undefined;

afterEach(async () => {
  await rig?.close();
  await hostile?.close();
  rig = undefined;
  hostile = undefined;
});

async function hostileRig(): Promise<{ rig: TransferRig; hostile: HostileJcs; scene: HostileScene }> {
  rig = await openRig();
  hostile = await HostileJcs.start(rig.node.node.url);
  rig.proxy.setUpstream(hostile.url); // engine → counting proxy → hostile service → real node
  return { rig, hostile, scene: hostileScene(rig.root) };
}

/** Every file under `dir` (relative '/' paths → content). */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(join(d, entry.name), childRel);
      else out[childRel] = readFileSync(join(d, entry.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

function byRemotePath(rows: readonly JobRow[]): Map<string, JobRow> {
  return new Map(rows.map((r) => [r.remote_path, r]));
}

describe('downloads from a hostile service', () => {
  it('a package whose listing holds paths that leave the folder: those are failed jobs naming path and reason, the good ones arrive, nothing outside changes', async () => {
    const { rig, hostile, scene } = await hostileRig();
    await putObject(rig, 'good/a.txt', Buffer.from('good a'));
    await putObject(rig, 'good/deep/b.txt', Buffer.from('good b'));
    const hostilePaths: Record<string, [string, string]> = {
      p1: ['../../victim.txt', 'dotSegment'], // files/../../victim.txt is the canary
      p2: ['a/../../../x.txt', 'dotSegment'],
      p3: ['../../../../tmp/x', 'dotSegment'],
      p4: [`${scene.outer}/absolute.txt`, 'emptySegment'], // absolute on its own; under the package's folder an empty segment
      p5: ['c\\..\\..\\..\\win.txt', 'backslash'],
      p6: ['nul\u0000byte.txt', 'controlCharacter'],
      p7: ['x/./y.txt', 'dotSegment'],
      p8: [`${'n'.repeat(250)}.txt`, 'nameTooLong'], // fits the service's 255 bytes, not with '.jcs-download' appended
    };
    for (const [real, [alias]] of Object.entries(hostilePaths)) {
      await putObject(rig, real, Buffer.from(`payload of ${alias}`));
      hostile.aliases.set(real, alias);
    }

    const result = await rig.service.download({ connectionId: rig.connectionId, root: rig.rootId, targets: undefined, localFolder: scene.target, conflict: 'overwrite' });
    expect(result.jobs).toBe(10);
    const rows = byRemotePath(await rig.waitIdle());

    expect(files(scene.target)).toEqual({ 'files/good/a.txt': 'good a', 'files/good/deep/b.txt': 'good b' });
    for (const [alias, reason] of Object.values(hostilePaths)) {
      const row = rows.get(showRemotePath(alias)); // a refused job keeps the path as shown: a NUL would not survive the database
      expect(row, alias).toMatchObject({ state: 'failed', error_code: 'UnsafeRemotePath' });
      expect(row!.error_message).toContain(`(${reason})`);
      expect(row!.error_message).toContain('it was skipped');
    }
    expect(rows.get('nul\\u0000byte.txt')!.error_message).toContain("'nul\\u0000byte.txt'"); // shown escaped, never raw
    scene.unchangedOutside();

    // Retrying cannot change what the service listed: the refused jobs stay refused, nothing is written.
    expect(rig.engine.retry(null)).toBe(0);
    scene.unchangedOutside();
  });

  it('a folder, a package with a hostile name and single objects: names from the service that are not one safe name give way or are refused', async () => {
    const { rig, hostile, scene } = await hostileRig();
    await putObject(rig, 'docs/keep.txt', Buffer.from('keep'));
    await putObject(rig, 'docs/sneaky', Buffer.from('sneaky'));
    await putObject(rig, 'single/dotted', Buffer.from('dotted'));
    const plain = await putObject(rig, 'single/plain.txt', Buffer.from('plain'));
    hostile.aliases.set('docs/sneaky', 'docs/../../victim.txt');
    hostile.aliases.set('single/dotted', 'single/..');
    hostile.packageNames.set(rig.packageId, '..');

    await rig.service.download({ connectionId: rig.connectionId, root: rig.rootId, targets: [{ type: 'folder', prefix: 'docs/' }], localFolder: scene.target, conflict: 'overwrite' });
    await rig.service.download({
      connectionId: rig.connectionId,
      root: rig.rootId,
      targets: [
        { type: 'object', path: 'single/..' },
        { type: 'object', path: plain.path },
      ],
      localFolder: join(scene.target, 'objects'),
      conflict: 'overwrite',
    });
    await rig.service.download({ connectionId: rig.connectionId, root: rig.rootId, targets: undefined, localFolder: join(scene.target, 'whole'), conflict: 'overwrite' });
    const rows = await rig.waitIdle();

    const target = files(scene.target);
    expect(target['docs/keep.txt']).toBe('keep');
    expect(target['objects/plain.txt']).toBe('plain');
    // The package named '..' goes into 'package-<root id>', not into the folder above.
    expect(target[`whole/package-${rig.rootId}/docs/keep.txt`]).toBe('keep');
    expect(target[`whole/package-${rig.rootId}/single/plain.txt`]).toBe('plain');
    const refused = rows.filter((r) => r.state === 'failed');
    expect(refused.map((r) => [r.remote_path, r.error_code]).sort()).toEqual(
      [
        ['docs/../../victim.txt', 'UnsafeRemotePath'],
        ['docs/../../victim.txt', 'UnsafeRemotePath'],
        ['single/..', 'UnsafeRemotePath'],
        ['single/..', 'UnsafeRemotePath'],
      ].sort(),
    );
    expect(rows.filter((r) => r.state === 'completed').map((r) => r.remote_path).sort()).toEqual(['docs/keep.txt', 'docs/keep.txt', 'single/plain.txt', 'single/plain.txt']);
    scene.unchangedOutside();
  });

  it('bytes that do not match their fileHash are not kept: no final file, no partial, and a local file at the target stays as it was', async () => {
    const { rig, hostile, scene } = await hostileRig();
    await putObject(rig, 'big.bin', Buffer.alloc(3 * MiB, 7)); // ranged: three 1 MiB ranges, each damaged on the way
    await putObject(rig, 'small.txt', Buffer.from('small and damaged'));
    await putObject(rig, 'fine.txt', Buffer.from('fine'));
    hostile.corrupt.add('big.bin');
    hostile.corrupt.add('small.txt');
    writeFileSync(join(scene.target, 'small.txt'), 'the local version');

    for (const name of ['big.bin', 'small.txt', 'fine.txt']) {
      await rig.service.download({ connectionId: rig.connectionId, root: rig.rootId, targets: [{ type: 'object', path: name }], localFolder: scene.target, conflict: 'overwrite' });
    }
    const rows = byRemotePath(await rig.waitIdle());
    expect(rows.get('big.bin')).toMatchObject({ state: 'failed', error_code: 'HashMismatch' });
    expect(rows.get('small.txt')).toMatchObject({ state: 'failed', error_code: 'HashMismatch' });
    expect(rows.get('fine.txt')).toMatchObject({ state: 'completed' });
    expect(existsSync(join(scene.target, 'big.bin'))).toBe(false);
    expect(readFileSync(join(scene.target, 'small.txt'), 'utf8')).toBe('the local version');
    expect(readdirSync(scene.target).filter((n) => n.endsWith('.jcs-download'))).toEqual([]);
    expect(readFileSync(join(scene.target, 'fine.txt'), 'utf8')).toBe('fine');
    scene.unchangedOutside();
  });

  it('a fileHash that cannot be checked: downloaded and marked not verified; refused before anything is written when verification is required', async () => {
    const { rig, hostile, scene } = await hostileRig();
    const comp = await putObject(rig, 'comp.bin', Buffer.from('multipart content'));
    const garbage = await putObject(rig, 'garbage.txt', Buffer.from('garbage hash'));
    const checked = await putObject(rig, 'checked.txt', Buffer.from('a real hash'));
    hostile.hashes.set('comp.bin', `Comp${'AB'.repeat(32)}`);
    hostile.hashes.set('garbage.txt', 'not a hash at all');
    const targets = [comp, garbage, checked].map((o) => ({ type: 'object' as const, path: o.path }));

    await rig.service.download({ connectionId: rig.connectionId, root: rig.rootId, targets, localFolder: join(scene.target, 'lenient'), conflict: 'overwrite' });
    const lenient = byRemotePath(await rig.waitIdle());
    expect(jobView(lenient.get('comp.bin')!)).toMatchObject({ state: 'completed', verified: false });
    expect(jobView(lenient.get('garbage.txt')!)).toMatchObject({ state: 'completed', verified: false });
    expect(jobView(lenient.get('checked.txt')!)).toMatchObject({ state: 'completed', verified: true });
    expect(files(join(scene.target, 'lenient'))).toEqual({ 'comp.bin': 'multipart content', 'garbage.txt': 'garbage hash', 'checked.txt': 'a real hash' });

    rig.setSettings({ requireVerifiedDownloads: true });
    const strictFolder = join(scene.target, 'strict');
    await rig.service.download({ connectionId: rig.connectionId, root: rig.rootId, targets, localFolder: strictFolder, conflict: 'overwrite' });
    const strict = byRemotePath((await rig.waitIdle()).filter((r) => r.local_path.startsWith(strictFolder)));
    expect(strict.get('comp.bin')).toMatchObject({ state: 'failed', error_code: 'UnverifiableHash' });
    expect(strict.get('garbage.txt')).toMatchObject({ state: 'failed', error_code: 'UnverifiableHash' });
    expect(strict.get('comp.bin')!.error_message).toMatch(/settings require verified downloads; nothing was written/);
    expect(strict.get('checked.txt')).toMatchObject({ state: 'completed' });
    expect(files(strictFolder)).toEqual({ 'checked.txt': 'a real hash' }); // not even a partial of the others
    expect(hostile.seen('/object/download').filter((r) => [comp.objectID, garbage.objectID].includes(Number(r.query.get('objectID'))))).toHaveLength(2); // only the lenient run fetched them
    scene.unchangedOutside();
  });

  it('a folder on the way that is a symbolic link leading outside is refused when the job runs; one that stays inside is followed', async () => {
    const { rig, scene } = await hostileRig();
    await putObject(rig, 'linked/x.txt', Buffer.from('must not leave'));
    await putObject(rig, 'inner/y.txt', Buffer.from('may follow the link inside'));
    const elsewhere = join(scene.outer, 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(join(scene.target, 'real-inner'));
    symlinkSync(elsewhere, join(scene.target, 'linked'));
    symlinkSync(join(scene.target, 'real-inner'), join(scene.target, 'inner'));
    scene.rebase();

    await rig.service.download({ connectionId: rig.connectionId, root: rig.rootId, targets: [{ type: 'folder', prefix: 'linked/' }, { type: 'folder', prefix: 'inner/' }], localFolder: scene.target, conflict: 'overwrite' });
    const rows = byRemotePath(await rig.waitIdle());
    expect(rows.get('linked/x.txt')).toMatchObject({ state: 'failed', error_code: 'UnsafeRemotePath' });
    expect(rows.get('linked/x.txt')!.error_message).toContain('(symlinkOutside)');
    expect(rows.get('inner/y.txt')).toMatchObject({ state: 'completed' });
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readFileSync(join(scene.target, 'real-inner', 'y.txt'), 'utf8')).toBe('may follow the link inside');
    scene.unchangedOutside();
  });
});
