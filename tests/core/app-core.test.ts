/**
 * The core as every transport sees it: createAppCore on a temp folder (app.db,
 * a FileKeySecretBox, the embedded storage node as a real child process) and
 * `call(name, rawInput)`. Inputs are validated against the contract, failures
 * come back as {code, message} (JCS codes passed through), mutations emit
 * events, settings survive a restart, and close() stops the node process.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CONNECTION_ID } from '../../src-shared/contract/domain';
import type { AppCore } from '../../src-main/core/app-core';
import { callErr, callOk, lockOwner, openCore, processAlive, recordEvents, waitFor } from '../helpers/core';
import { makeTempDir } from '../helpers/temp-dir';

const local = LOCAL_CONNECTION_ID;

describe('createAppCore', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let core: AppCore;
  const logs: string[] = [];

  beforeAll(async () => {
    temp = await makeTempDir('jcs-core');
    core = await openCore(temp.path, logs);
  });

  afterAll(async () => {
    await core?.close();
    await temp?.remove();
  });

  it('starts the embedded node as a child process and reports it in app.info', async () => {
    const info = await callOk(core, 'app.info', {});
    expect(info).toMatchObject({ name: 'JCS Desktop', version: '0.0.0-test', mode: 'headless', platform: process.platform, dataDir: temp.path });
    expect(info.embeddedNode.state).toBe('running');
    expect(info.embeddedNode.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(temp.path, 'app.db'))).toBe(true);
    expect(existsSync(join(temp.path, 'secret.key'))).toBe(true);
    const pid = lockOwner(join(temp.path, 'storage-node'));
    expect(pid).toBeDefined();
    expect(pid).not.toBe(process.pid);
    expect(processAlive(pid!)).toBe(true);

    const connections = await callOk(core, 'connections.list', {});
    expect(connections[0]).toMatchObject({ id: local, kind: 'jcs', embedded: true, config: { baseUrl: info.embeddedNode.url } });
  });

  it('answers an unknown operation with NotFound', async () => {
    expect(await callErr(core, 'nope.nothing', {})).toMatchObject({ code: 'NotFound', message: expect.stringContaining('nope.nothing') as unknown });
    expect(await callErr(core, 'toString', {})).toMatchObject({ code: 'NotFound' });
    expect(await callErr(core, '__proto__', {})).toMatchObject({ code: 'NotFound' });
  });

  it('validates inputs against the contract, naming the field, and keeps serving', async () => {
    const missing = await callErr(core, 'roots.create', { connectionId: local, parentId: null });
    expect(missing.code).toBe('InvalidInput');
    expect(missing.message).toMatch(/^name: /);

    const wrongType = await callErr(core, 'roots.list', { connectionId: local, parentId: 1 });
    expect(wrongType.code).toBe('InvalidInput');
    expect(wrongType.message).toContain('parentId');

    const badEnum = await callErr(core, 'settings.update', { theme: 'blue' });
    expect(badEnum.code).toBe('InvalidInput');
    expect(badEnum.message).toContain('theme');

    const extraKey = await callErr(core, 'app.info', { sneaky: true });
    expect(extraKey.code).toBe('InvalidInput');
    expect(extraKey.message).toContain('sneaky');

    const notAnObject = await callErr(core, 'roots.list', 'local');
    expect(notAnObject.code).toBe('InvalidInput');

    const badOperationId = await callErr(core, 'objects.delete', { connectionId: local, operationId: 'x', root: 'some-root', targets: [{ type: 'folder', prefix: 'a/' }] });
    expect(badOperationId.code).toBe('InvalidInput');
    expect(badOperationId.message).toContain('operationId');

    // Names the contract accepts as strings but JCS would refuse: checked by the core before any request.
    const badName = await callErr(core, 'roots.create', { connectionId: local, parentId: null, name: 'a/b' });
    expect(badName.code).toBe('InvalidInput');
    expect(badName.message).toMatch(/^name: /);

    // Null input counts as no input.
    expect((await core.call('settings.get', null)).ok).toBe(true);
    expect((await callOk(core, 'app.info', {})).embeddedNode.state).toBe('running');
  });

  it('creates, lists and deletes buckets and packages (roots) on the local connection, passing JCS codes through', async () => {
    // A bucket that no longer exists, to ask about (root ids are the provider's: made by it, not by the test).
    const gone = await callOk(core, 'roots.create', { connectionId: local, parentId: null, name: 'gone' });
    const gonePackage = await callOk(core, 'roots.create', { connectionId: local, parentId: gone.id, name: 'gone' });
    await callOk(core, 'roots.delete', { connectionId: local, rootId: gone.id });

    const recorder = recordEvents(core);
    try {
      const bucket = await callOk(core, 'roots.create', { connectionId: local, parentId: null, name: 'photos' });
      expect(bucket).toMatchObject({ name: 'photos', level: 0, parentId: null });
      expect((await callOk(core, 'roots.list', { connectionId: local, parentId: null })).map((b) => b.name)).toContain('photos');

      const duplicate = await callErr(core, 'roots.create', { connectionId: local, parentId: null, name: 'photos' });
      expect(duplicate.code).toBe('DataExists');
      expect(duplicate.route).toBe('/bucket/create');

      const pkg = await callOk(core, 'roots.create', { connectionId: local, parentId: bucket.id, name: '2024' });
      expect(pkg).toMatchObject({ name: '2024', level: 1, parentId: bucket.id });
      expect(await callErr(core, 'roots.create', { connectionId: local, parentId: bucket.id, name: '2024' })).toMatchObject({ code: 'DataExists' });
      expect(await callOk(core, 'roots.list', { connectionId: local, parentId: bucket.id })).toEqual([pkg]);

      expect(await callErr(core, 'roots.list', { connectionId: local, parentId: gone.id })).toMatchObject({ code: 'DataNotFound' });
      expect(await callErr(core, 'roots.delete', { connectionId: local, rootId: gonePackage.id })).toMatchObject({ code: 'DataNotFound' });
      expect(await callErr(core, 'roots.list', { connectionId: 'no-such-connection', parentId: null })).toMatchObject({ code: 'NotFound' });

      expect(await callOk(core, 'roots.delete', { connectionId: local, rootId: pkg.id })).toBeNull();
      expect(await callOk(core, 'roots.list', { connectionId: local, parentId: bucket.id })).toEqual([]);
      expect(await callOk(core, 'roots.delete', { connectionId: local, rootId: bucket.id })).toBeNull();
      expect((await callOk(core, 'roots.list', { connectionId: local, parentId: null })).map((b) => b.name)).not.toContain('photos');

      expect(recorder.of('storage.changed')).toEqual([
        { connectionId: local, scope: 'roots', parentId: null, rootId: bucket.id },
        { connectionId: local, scope: 'roots', parentId: bucket.id, rootId: pkg.id },
        { connectionId: local, scope: 'roots', parentId: bucket.id, rootId: pkg.id },
        { connectionId: local, scope: 'roots', parentId: null, rootId: bucket.id },
      ]);
    } finally {
      recorder.stop();
    }
  });

  it('stores settings, announces them with settings.changed, and refuses changes to the embedded connection', async () => {
    const defaults = await callOk(core, 'settings.get', {});
    expect(defaults).toMatchObject({ language: 'system', theme: 'system' });
    const recorder = recordEvents(core);
    try {
      const dark = await callOk(core, 'settings.update', { theme: 'dark' });
      expect(dark).toEqual({ ...defaults, theme: 'dark' });
      const chinese = await callOk(core, 'settings.update', { language: 'zh-CN' });
      expect(chinese).toEqual({ ...defaults, language: 'zh-CN', theme: 'dark' });
      expect(recorder.of('settings.changed')).toEqual([dark, chinese]);
    } finally {
      recorder.stop();
    }
    expect(await callErr(core, 'connections.remove', { id: local })).toMatchObject({ code: 'Forbidden' });
  });

  it('keeps settings and storage across close and reopen, and close() stops the node process', async () => {
    await callOk(core, 'roots.create', { connectionId: local, parentId: null, name: 'kept' });
    const nodeDir = join(temp.path, 'storage-node');
    const pid = lockOwner(nodeDir)!;
    expect(processAlive(pid)).toBe(true);

    await core.close();
    expect(core.deps.embeddedNode.status.state).toBe('stopped');
    // close() waits for the child's exit, so the pid is gone (and the lock released) when it resolves.
    expect(processAlive(pid)).toBe(false);
    expect(lockOwner(nodeDir)).toBeUndefined();
    await core.close(); // idempotent
    expect((await callErr(core, 'roots.list', { connectionId: local, parentId: null })).code).toBe('ConnectionFailed');

    core = await openCore(temp.path, logs);
    expect(await callOk(core, 'settings.get', {})).toMatchObject({ language: 'zh-CN', theme: 'dark' });
    const info = await callOk(core, 'app.info', {});
    expect(info.embeddedNode.state).toBe('running');
    const newPid = await waitFor('the new node lock', () => lockOwner(nodeDir));
    expect(newPid).not.toBe(pid);
    expect((await callOk(core, 'roots.list', { connectionId: local, parentId: null })).map((b) => b.name)).toEqual(['kept']);
  });
});
