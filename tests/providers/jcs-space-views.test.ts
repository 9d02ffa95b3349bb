/**
 * User spaces, jobs and space sync tasks between the wire and the contract
 * (src-main/providers/jcs/jcs-space-views.ts): the seed's own example answers
 * (seed 001 §4–§5) read into views, secrets never among them, the credential
 * an edit sends, and the createTask body a form makes (checked by the same
 * schema the storage node validates with).
 */
import { describe, expect, it } from 'vitest';
import { spaceTaskViewSchema, spaceViewSchema } from '@shared/contract/spaces';
import { spaceJobAnswer, syncTaskCreateRequest, syncTaskResponse, userSpaceResponse, userSpaceUpdateRequest, type UserSpace } from '@shared/jcs/user-space-wire';
import { jobView, NO_MAX_SIZE, parseJobId, spaceView, taskView, updateCredential, wireConfig, wireTask } from '../../src-main/providers/jcs/jcs-space-views';
import { readJobAnswer } from '../../src-main/providers/jcs/jcs-user-space-client';
import { JcsTransportError } from '../../src-main/providers/jcs/jcs-errors';
import { ProviderError, ProviderErrorCode } from '../../src-main/providers/provider-errors';

/** The seed's `/v1/userSpace/get` answer (`data`), with values filled in. */
const seedSpace = {
  userSpace: {
    userSpaceID: 1,
    name: 'test1',
    storage: { type: 'OBS', region: 'cn-north-4', endpoint: 'https://obs.example.com', bucket: 'b1', projectID: 'p1' },
    credential: { type: 'OBS', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: '' },
    shardStore: { maxSize: 1024 },
    features: [],
    workingDir: 'jcs',
    revision: 1,
  },
};

/** The seed's `/v1/spaceSyncer/getTask` answer (`data`). */
const seedTask = {
  task: {
    taskID: 1,
    trigger: { type: 'Interval', interval: 30 },
    mode: { type: 'Diff', includeSize: false, includeModTime: true },
    filters: [{ type: 'Size', minSize: 10, maxSize: 20000 }],
    options: { noEmptyDirectories: false },
    srcUserSpaceID: 1,
    srcPath: 'space1/cli',
    destUserSpaceIDs: [2],
    destPathes: ['space2/svr'],
  },
};

const parsedSpace = (data: unknown): UserSpace => userSpaceResponse.parse(data).userSpace;

describe('spaceView', () => {
  it("reads the seed's example into a view with the access key and no secret", () => {
    const view = spaceView(parsedSpace(seedSpace));
    expect(view).toEqual({
      id: 1,
      name: 'test1',
      type: 'OBS',
      endpoint: 'https://obs.example.com',
      region: 'cn-north-4',
      bucket: 'b1',
      projectID: 'p1',
      accessKeyId: 'AKIDEXAMPLE',
      hasSecret: true,
      workingDir: 'jcs',
      revision: 1,
      shardStoreMaxSize: 1024,
    });
    expect(spaceViewSchema.parse(view)).toEqual(view);
  });

  it('drops a secret a careless service sends, and every field it does not know', () => {
    const leaky = structuredClone(seedSpace);
    leaky.userSpace.credential.secretAccessKey = 'wJalrXUtnFEMI/K7MDENG';
    Object.assign(leaky.userSpace, { password: 'p4ss', storage: { ...leaky.userSpace.storage, secretKey: 'sk-inside-storage' } });
    const text = JSON.stringify(spaceView(parsedSpace(leaky)));
    expect(text).not.toContain('wJalrXUtnFEMI');
    expect(text).not.toContain('p4ss');
    expect(text).not.toContain('sk-inside-storage');
    expect(text).not.toContain('secretAccessKey');
  });

  it('a view with a secret field is refused by the contract (it is strict)', () => {
    const view = spaceView(parsedSpace(seedSpace));
    expect(spaceViewSchema.safeParse({ ...view, secretAccessKey: '' }).success).toBe(false);
  });

  it('reads a Local space, and a type this app does not know', () => {
    const local = spaceView(parsedSpace({ userSpace: { ...seedSpace.userSpace, storage: { type: 'Local', localPath: '/srv/data' }, credential: { type: 'Local' }, shardStore: null } }));
    expect(local).toMatchObject({ type: 'Local', localPath: '/srv/data', hasSecret: false, shardStoreMaxSize: null });
    expect(local).not.toHaveProperty('accessKeyId');
    const other = spaceView(parsedSpace({ userSpace: { ...seedSpace.userSpace, storage: { type: 'EFile', host: 'x', bucket: 42 }, credential: null } }));
    expect(other).toMatchObject({ type: 'EFile', hasSecret: false });
    expect(other).not.toHaveProperty('bucket'); // not a string: not read
  });
});

describe('the credential an edit sends', () => {
  const obs = parsedSpace(seedSpace);

  it('without a new secret: the same access key and an empty secret (the node keeps the stored one)', () => {
    const credential = updateCredential(obs, {});
    expect(credential).toEqual({ type: 'OBS', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: '' });
    expect(userSpaceUpdateRequest.safeParse({ userSpaceID: 1, name: 'renamed', credential }).success).toBe(true);
  });

  it('with a new secret, or a new key and its secret', () => {
    expect(updateCredential(obs, { secretAccessKey: 'new-secret' })).toEqual({ type: 'OBS', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'new-secret' });
    expect(updateCredential(obs, { accessKeyId: 'AK2', secretAccessKey: 's2' })).toEqual({ type: 'OBS', accessKeyId: 'AK2', secretAccessKey: 's2' });
  });

  it('refuses a new access key without its secret, keys for a Local space, and types it cannot build', () => {
    expect(() => updateCredential(obs, { accessKeyId: 'AK2' })).toThrow(/secretAccessKey: a new access key ID needs its secret key/);
    const local = parsedSpace({ userSpace: { ...seedSpace.userSpace, storage: { type: 'Local', localPath: '/d' }, credential: { type: 'Local' } } });
    expect(updateCredential(local, {})).toEqual({ type: 'Local' });
    const refused = (() => {
      try {
        updateCredential(local, { secretAccessKey: 'x' });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(ProviderError);
    expect((refused as ProviderError).code).toBe(ProviderErrorCode.InvalidInput);
    const efile = parsedSpace({ userSpace: { ...seedSpace.userSpace, storage: { type: 'EFile' }, credential: { type: 'EFile' } } });
    expect(() => updateCredential(efile, {})).toThrow(/type 'EFile' cannot be edited/);
  });
});

describe('wireConfig', () => {
  it('puts projectID only on OBS, and the credential beside the storage', () => {
    expect(wireConfig({ type: 'S3', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', bucket: 'b', accessKeyId: 'a', secretAccessKey: 's', projectID: 'ignored' })).toEqual({
      storage: { type: 'S3', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', bucket: 'b' },
      credential: { type: 'S3', accessKeyId: 'a', secretAccessKey: 's' },
    });
    expect(wireConfig({ type: 'OBS', endpoint: '', region: 'r', bucket: 'b', accessKeyId: 'a', secretAccessKey: 's' }).storage).toEqual({ type: 'OBS', endpoint: '', region: 'r', bucket: 'b', projectID: '' });
    expect(wireConfig({ type: 'Local', localPath: '/x' })).toEqual({ storage: { type: 'Local', localPath: '/x' }, credential: { type: 'Local' } });
  });
});

describe('space sync tasks', () => {
  it("reads the seed's example task (a service with only the seed's fields: status unknown)", () => {
    const view = taskView(syncTaskResponse.parse(seedTask).task);
    expect(view).toEqual({
      id: 1,
      srcSpaceId: 1,
      srcPath: 'space1/cli',
      destinations: [{ spaceId: 2, path: 'space2/svr' }],
      intervalSeconds: 30,
      mode: { type: 'Diff', includeSize: false, includeModTime: true },
      minSize: 10,
      maxSize: 20000,
      noEmptyDirectories: false,
      status: 'unknown',
      lastRunStart: null,
      lastRunEnd: null,
      nextRun: null,
      lastCounts: null,
      current: null,
      lastError: null,
    });
    expect(spaceTaskViewSchema.parse(view)).toEqual(view);
  });

  it('reads our status, counts and last error', () => {
    const counts = { checked: 3, copied: 2, skipped: 1, failed: 0, bytes: '2048' };
    const task = syncTaskResponse.parse({ task: { ...seedTask.task, status: 'running', lastRunStart: '2026-12-04T10:00:00Z', current: counts, lastCounts: counts, lastError: 'disk full' } }).task;
    expect(taskView(task)).toMatchObject({ status: 'running', lastRunStart: '2026-12-04T10:00:00Z', current: { bytes: 2048, copied: 2 }, lastError: 'disk full' });
  });

  it('makes the body the node validates; no bounds means no filter, one bound the other open', () => {
    const draft = { srcSpaceId: 1, srcPath: 'a', destinations: [{ spaceId: 2, path: 'b' }, { spaceId: 3, path: '' }], intervalSeconds: 60, includeSize: true, includeModTime: false, noEmptyDirectories: true };
    const open = wireTask(draft);
    expect(syncTaskCreateRequest.safeParse(open).success).toBe(true);
    expect(open).toMatchObject({ filters: [], destUserSpaceIDs: [2, 3], destPathes: ['b', ''], trigger: { type: 'Interval', interval: 60 }, options: { noEmptyDirectories: true } });
    const minOnly = wireTask({ ...draft, minSize: 100 });
    expect(minOnly.filters).toEqual([{ type: 'Size', minSize: 100, maxSize: NO_MAX_SIZE }]);
    expect(syncTaskCreateRequest.safeParse(minOnly).success).toBe(true);
    // Read back, the open upper bound is "none" again.
    const back = taskView(syncTaskResponse.parse({ task: { ...minOnly, taskID: 9 } }).task);
    expect(back).toMatchObject({ minSize: 100, maxSize: null, destinations: [{ spaceId: 2, path: 'b' }, { spaceId: 3, path: '' }] });
  });
});

describe('node jobs', () => {
  const job = {
    jobID: 7,
    kind: 'createPackage',
    state: 'running',
    userSpaceID: 1,
    path: 'photos',
    packageID: null,
    bucketID: 3,
    name: 'imported',
    filesDone: 2,
    filesTotal: 10,
    bytesDone: '2048',
    bytesTotal: null,
    error: null,
    createTime: '2026-12-04T10:00:00Z',
    updateTime: '2026-12-04T10:00:01Z',
  };

  it('an async answer is a job; the seed answer `package` or null is the work done', () => {
    const started = readJobAnswer(spaceJobAnswer.parse({ job }), '/userSpace/createPackage');
    expect(started.kind).toBe('job');
    expect(jobView((started as { job: Parameters<typeof jobView>[0] }).job)).toMatchObject({ id: 'n7', kind: 'import', state: 'running', bucketRoot: 'b3', packageRoot: null, bytesDone: 2048, tracking: 'service' });
    const pkg = { packageID: 32, name: 't1', bucketID: 1, createTime: '2025-06-24T16:31:28.5148754+08:00' };
    expect(readJobAnswer(spaceJobAnswer.parse({ package: pkg }), '/userSpace/createPackage')).toMatchObject({ kind: 'done', package: { packageID: 32 } });
    expect(readJobAnswer(spaceJobAnswer.parse(null), '/userSpace/downloadPackage')).toEqual({ kind: 'done', package: null });
  });

  it('createPackage answering neither a job nor a package is an unusable answer', () => {
    expect(() => readJobAnswer(spaceJobAnswer.parse(null), '/userSpace/createPackage')).toThrow(JcsTransportError);
  });

  it('job ids go round; anything else is refused', () => {
    expect(parseJobId('n7')).toBe(7);
    for (const bad of ['7', 'n0', 'a7', 'n-1', 'n1.5', 'n99999999999999999']) expect(() => parseJobId(bad)).toThrow(/is not a job/);
  });
});
