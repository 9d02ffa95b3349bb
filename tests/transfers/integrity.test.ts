/**
 * What is stored is what was read, or the job fails: a byte flipped on the
 * wire (by a real proxy) is caught by the fileHash check, for multipart
 * uploads, batched small uploads and ranged downloads alike, and nothing
 * damaged is left at the final path; retrying once the wire is clean
 * succeeds. A local file that changes while it is being uploaded makes the
 * upload start over, so the stored object is the final content, never a mix.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/core';
import { MiB, fullHash, objectAt, objectsUnder, openRig, putObject, readObject, writeRandomFile, type TransferRig } from '../helpers/transfers';

let rig: TransferRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const UPLOAD_PART = '/object/uploadPart';

describe('corruption on the wire', () => {
  it('a flipped byte in an uploaded part fails the job with HashMismatch, leaves nothing behind, and a retry succeeds', async () => {
    rig = await openRig({ settings: { maxConcurrentParts: 1 } });
    let parts = 0;
    rig.proxy.fault = (request) => (request.route === UPLOAD_PART && ++parts === 2 ? { kind: 'corrupt', offset: 300_000 } : undefined);
    const bytes = await writeRandomFile(join(rig.localDir, 'photo.raw'), 3 * MiB + 1);
    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [join(rig.localDir, 'photo.raw')]);
    const id = rig.jobs()[0]!.id;

    const failed = await rig.waitForState(id, ['failed', 'completed']);
    expect(failed.state).toBe('failed');
    expect(failed.error_code).toBe('HashMismatch');
    expect(failed.error_message).toMatch(/the server stored different bytes than were read from '.*photo\.raw'/);
    expect(failed.error_message).toMatch(/start over/);
    expect(await objectAt(rig, 'photo.raw')).toBeUndefined();
    expect(await objectsUnder(rig, '')).toEqual([]); // the damaged staging object is gone too
    expect(rig.store.units(id)).toEqual([]);

    rig.proxy.fault = undefined;
    const mark = rig.proxy.mark;
    expect(rig.engine.retry([id])).toBe(1);
    const done = await rig.waitForState(id, ['failed', 'completed']);
    expect(done.state).toBe('completed');
    expect(done.error_code).toBeNull();
    expect(rig.proxy.count(UPLOAD_PART, mark)).toBe(4); // every part again: the old ones were not trusted
    expect((await objectAt(rig, 'photo.raw'))?.fileHash).toBe(fullHash(bytes));
    expect((await readObject(rig, 'photo.raw')).equals(bytes)).toBe(true);
    expect(await objectsUnder(rig, '.jcs-uploads/')).toEqual([]);
  });

  it('a flipped byte in a batch of small files fails only that file, and the damaged object does not stay at its path', async () => {
    rig = await openRig();
    const names = ['a.txt', 'b.txt', 'c.txt'];
    const contents = new Map<string, Buffer>();
    for (const name of names) contents.set(name, await writeRandomFile(join(rig.localDir, 'docs', name), 20_000));
    // The multipart head is a few hundred bytes; offset 5,000 lands in a.txt's bytes.
    let uploads = 0;
    rig.proxy.fault = (request) => (request.route === '/object/upload' && ++uploads === 1 ? { kind: 'corrupt', offset: 5_000 } : undefined);
    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [join(rig.localDir, 'docs')]);
    const rows = await rig.waitIdle();
    expect(rig.proxy.count('/object/upload')).toBe(1);

    const byName = new Map(rows.map((r) => [r.display_name, r]));
    expect(byName.get('a.txt')).toMatchObject({ state: 'failed', error_code: 'HashMismatch' });
    expect(byName.get('a.txt')!.error_message).toMatch(/different bytes than were read from '.*a\.txt'/);
    expect(await objectAt(rig, 'docs/a.txt')).toBeUndefined();
    for (const name of ['b.txt', 'c.txt']) {
      expect(byName.get(name)?.state).toBe('completed');
      expect((await objectAt(rig, `docs/${name}`))?.fileHash).toBe(fullHash(contents.get(name)!));
    }

    rig.proxy.fault = undefined;
    rig.engine.retry(null);
    await rig.waitIdle();
    expect(rig.job(byName.get('a.txt')!.id).state).toBe('completed');
    expect((await readObject(rig, 'docs/a.txt')).equals(contents.get('a.txt')!)).toBe(true);
  });

  it("a flipped byte in a browser's small file fails it with HashMismatch, and the damaged object does not stay at its path", async () => {
    rig = await openRig();
    const bytes = randomBytes(50_000);
    rig.proxy.fault = (request) => (request.route === '/object/upload' ? { kind: 'corrupt', offset: 10_000 } : undefined);
    const { files } = await rig.service.uploadBrowserFiles({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: 'web/', conflict: 'ask' }, [{ relativePath: 'page.html', size: bytes.length }]);
    const id = files[0]!.jobId;
    await expect(rig.engine.acceptBrowserChunk(id, 0, bytes)).rejects.toMatchObject({ code: 'HashMismatch' });
    expect(rig.job(id)).toMatchObject({ state: 'failed', error_code: 'HashMismatch' });
    expect(await objectAt(rig, 'web/page.html')).toBeUndefined();
  });

  it('a flipped byte in a downloaded range fails the job with HashMismatch, with no file at the target; a retry succeeds', async () => {
    rig = await openRig({ settings: { maxConcurrentParts: 1 } });
    const bytes = randomBytes(3 * MiB + 10);
    const object = await putObject(rig, 'big/archive.tar', bytes);
    let ranges = 0;
    rig.proxy.fault = (request) => (request.route === '/object/download' && ++ranges === 2 ? { kind: 'corruptAnswer', offset: 1234 } : undefined);
    await rig.service.download({ connectionId: rig.connectionId, root: rig.rootId, targets: [{ type: 'object', path: object.path }], localFolder: rig.localDir, conflict: 'ask' });
    const id = rig.jobs()[0]!.id;

    const failed = await rig.waitForState(id, ['failed', 'completed']);
    expect(failed.state).toBe('failed');
    expect(failed.error_code).toBe('HashMismatch');
    expect(failed.error_message).toMatch(/the downloaded bytes of 'big\/archive\.tar' do not match its hash/);
    expect(await readdir(rig.localDir)).toEqual([]); // neither the target nor a partial file

    rig.proxy.fault = undefined;
    rig.engine.retry([id]);
    expect((await rig.waitForState(id, ['failed', 'completed'])).state).toBe('completed');
    expect((await readFile(join(rig.localDir, 'archive.tar'))).equals(bytes)).toBe(true);
    expect(await readdir(rig.localDir)).toEqual(['archive.tar']);
  });
});

describe('a file that changes while it is uploaded', () => {
  it('growing between parts: the upload starts over and stores the final content', async () => {
    rig = await openRig({ settings: { maxConcurrentParts: 1 } });
    const path = join(rig.localDir, 'growing.log');
    const original = await writeRandomFile(path, 3 * MiB + 100);
    const extra = randomBytes(700_000);
    let answered = 0;
    rig.proxy.onAnswer = (request) => {
      if (request.route === UPLOAD_PART && ++answered === 2) appendFileSync(path, extra);
    };
    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: 'logs/', conflict: 'ask' }, [path]);
    const id = rig.jobs()[0]!.id;

    const done = await rig.waitForState(id, ['failed', 'completed']);
    expect(done.error_message).toBeNull();
    expect(done.state).toBe('completed');
    const final = Buffer.concat([original, extra]);
    expect(done.size).toBe(final.length);
    expect((await objectAt(rig, 'logs/growing.log'))?.fileHash).toBe(fullHash(final));
    expect((await readObject(rig, 'logs/growing.log')).equals(final)).toBe(true);
    expect(rig.proxy.count('/object/newMultipartUpload')).toBe(2); // started over on a new staging object
    expect(await objectsUnder(rig, '.jcs-uploads/')).toEqual([]);
  });

  it('rewritten in place (same size) after its first part was sent: the stored object is the new content, not a mix', async () => {
    rig = await openRig({ settings: { maxConcurrentParts: 1 } });
    const path = join(rig.localDir, 'db.sqlite');
    await writeRandomFile(path, 3 * MiB);
    const patch = randomBytes(4096);
    let answered = 0;
    rig.proxy.onAnswer = (request) => {
      if (request.route !== UPLOAD_PART || ++answered !== 2) return;
      const fd = openSync(path, 'r+');
      writeSync(fd, patch, 0, patch.length, 100); // inside part 1, which was already sent
      closeSync(fd);
    };
    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [path]);
    const id = rig.jobs()[0]!.id;

    const done = await rig.waitForState(id, ['failed', 'completed']);
    expect(done.state).toBe('completed');
    const final = await readFile(path);
    expect((await objectAt(rig, 'db.sqlite'))?.fileHash).toBe(fullHash(final));
    expect((await readObject(rig, 'db.sqlite')).equals(final)).toBe(true);
    expect(await objectsUnder(rig, '.jcs-uploads/')).toEqual([]);
  });

  it('a file that never stops changing fails after a few restarts with a clear reason', async () => {
    rig = await openRig({ settings: { maxConcurrentParts: 1 } });
    const path = join(rig.localDir, 'busy.bin');
    await writeRandomFile(path, 2 * MiB);
    rig.proxy.onAnswer = (request) => {
      if (request.route === UPLOAD_PART) appendFileSync(path, 'x');
    };
    await rig.service.uploadPaths({ connectionId: rig.connectionId, root: rig.rootId, targetFolder: '', conflict: 'ask' }, [path]);
    const id = rig.jobs()[0]!.id;

    const failed = await rig.waitForState(id, ['failed', 'completed']);
    expect(failed.state).toBe('failed');
    expect(failed.error_code).toBe('SourceChanged');
    expect(failed.error_message).toMatch(/busy\.bin' changed while it was being uploaded again and again; it was not uploaded/);
    expect(await objectAt(rig, 'busy.bin')).toBeUndefined();
    // Its parts hold bytes of an older version: they are dropped, on the server too.
    expect(rig.store.units(id)).toEqual([]);
    expect(failed.upload_handle).toBeNull();
    await waitFor('the staging object to be removed', async () => (await objectsUnder(rig!, '')).length === 0);

    // Once the file is left alone, one retry stores it (no HashMismatch from stale parts first).
    rig.proxy.onAnswer = undefined;
    rig.engine.retry([id]);
    const done = await rig.waitForState(id, ['failed', 'completed']);
    expect(done.error_message).toBeNull();
    const final = await readFile(path);
    expect((await readObject(rig, 'busy.bin')).equals(final)).toBe(true);
    expect(await objectsUnder(rig, '.jcs-uploads/')).toEqual([]);
  });
});
