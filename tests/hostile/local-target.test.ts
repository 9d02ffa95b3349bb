/**
 * The core half of the remote path gate, on real folders: resolved paths stay
 * inside the root, names are mapped (downloads) or refused (sync) where the
 * platform cannot hold them, lengths leave room for the temporary suffix and
 * the platform's path limit, and a symbolic link on the way that leads out of
 * the root is refused while one that stays inside is followed.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRealPathInside, localPathLimit, localTarget } from '../../src-main/core/paths/local-target';
import { makeTempDir } from '../helpers/temp-dir';

let temp: Awaited<ReturnType<typeof makeTempDir>> | undefined;
afterEach(async () => {
  await temp?.remove();
  temp = undefined;
});

const linux = { platform: 'linux', names: 'map' } as const;

describe('localTarget', () => {
  it('maps an accepted path under the root and refuses the rest with a reason', () => {
    const root = '/data/target';
    expect(localTarget(root, 'a/b.txt', linux)).toEqual({ ok: true, path: '/data/target/a/b.txt' });
    for (const [rel, reason] of [
      ['../victim.txt', 'dotSegment'],
      ['/etc/passwd', 'absolute'],
      ['a\\..\\x', 'backslash'],
      ['a\u0000', 'controlCharacter'],
    ] as const) {
      const target = localTarget(root, rel, linux);
      expect(target.ok, rel).toBe(false);
      if (!target.ok) expect(target.problem.reason).toBe(reason);
    }
  });

  it('leaves room for the temporary suffix in the last name (not for a rename) and honours each platform’s path limit', () => {
    const name = 'n'.repeat(250);
    expect(localTarget('/r', name, linux)).toMatchObject({ ok: false, problem: { reason: 'nameTooLong' } });
    expect(localTarget('/r', `${name}/x`, linux).ok).toBe(true); // a folder name may use all 255 bytes
    expect(localTarget('/r', name, { ...linux, suffix: '' }).ok).toBe(true);
    const deep = Array.from({ length: 20 }, () => 'd'.repeat(250)).join('/'); // ~5,000 bytes
    expect(localTarget('/r', `${deep}/f`, linux)).toMatchObject({ ok: false, problem: { reason: 'pathTooLong' } });
    expect(localPathLimit('darwin').max).toBe(1023);
    expect(localTarget('/r', `${'d'.repeat(200)}/${'d'.repeat(200)}/${'d'.repeat(200)}/${'d'.repeat(200)}/${'e'.repeat(200)}/${'f'.repeat(30)}`, { platform: 'darwin', names: 'map' })).toMatchObject({ ok: false, problem: { reason: 'pathTooLong' } });
    expect(localTarget('/r', `${'d'.repeat(200)}/${'d'.repeat(60)}`, { platform: 'win32', names: 'map' })).toMatchObject({ ok: false, problem: { reason: 'pathTooLong' } });
  });

  it('makes names safe for downloads but refuses them for sync, whose two sides keep the same names', () => {
    expect(localTarget('/r', 'a/con.txt', { platform: 'win32', names: 'map' })).toEqual({ ok: true, path: '/r/a/_con.txt' });
    expect(localTarget('/r', 'a/con.txt', { platform: 'win32', names: 'exact' })).toMatchObject({ ok: false, problem: { reason: 'notPortable' } });
    expect(localTarget('/r', 'a/x:y', { platform: 'linux', names: 'exact' }).ok).toBe(true);
  });
});

describe('checkRealPathInside', () => {
  it('refuses a folder on the way that links outside the root, follows one that stays inside, and accepts what does not exist yet', async () => {
    temp = await makeTempDir('jcs-local-target');
    const root = join(temp.path, 'root');
    const outside = join(temp.path, 'outside');
    mkdirSync(join(root, 'real'), { recursive: true });
    mkdirSync(outside);
    symlinkSync(outside, join(root, 'docs'));
    symlinkSync(join(root, 'real'), join(root, 'inner'));

    expect(await checkRealPathInside(root, join(root, 'docs', 'x.txt'))).toMatchObject({ reason: 'symlinkOutside' });
    expect(await checkRealPathInside(root, join(root, 'docs', 'new', 'deeper', 'x.txt'))).toMatchObject({ reason: 'symlinkOutside' });
    expect(await checkRealPathInside(root, join(root, 'inner', 'x.txt'))).toBeUndefined();
    expect(await checkRealPathInside(root, join(root, 'a', 'b', 'c.txt'))).toBeUndefined();
    expect(await checkRealPathInside(root, join(root, '..', 'x.txt'))).toMatchObject({ reason: 'outsideTarget' });
    // The root itself may sit behind a link (macOS /tmp is /private/tmp): only what is below it counts.
    const linkedRoot = join(temp.path, 'linked-root');
    symlinkSync(root, linkedRoot);
    expect(await checkRealPathInside(linkedRoot, join(linkedRoot, 'real', 'x.txt'))).toBeUndefined();
    expect(await checkRealPathInside(linkedRoot, join(linkedRoot, 'docs', 'x.txt'))).toMatchObject({ reason: 'symlinkOutside' });
  });
});
