/**
 * The Spaces page's pure parts: the space form (per type, create and edit,
 * what it sends and never sends), the task form (bounds, destinations), the
 * display helpers, and the string tables (both languages, every problem the
 * forms can report worded).
 */
import { describe, expect, it } from 'vitest';
import { spaceCreateSchema, spaceTaskCreateSchema, spaceUpdateSchema, type SpaceJobView, type SpaceTaskView, type SpaceView } from '@shared/contract/spaces';
import type { Strings } from '../../i18n/string-table';
import { testI18n } from '../../i18n/test-i18n';
import { createInput, editTestInput, emptySpaceForm, formFromSpace, spaceFormProblems, updateInput, type SpaceForm } from './space-form';
import { intervalText, jobFraction, pathCrumbs, parentPath, spaceRoot, tasksRefetchMs } from './space-display';
import { spacesStrings } from './strings';
import { defaultTaskForm, sizeInBytes, taskFormProblems, taskInput, type TaskForm } from './task-form';

const obsSpace: SpaceView = { id: 4, name: 'OBS data', type: 'OBS', endpoint: 'https://obs.example.com', region: 'cn-north-4', bucket: 'data', projectID: 'p1', accessKeyId: 'AK1', hasSecret: true, workingDir: 'jcs', revision: 3, shardStoreMaxSize: null };
const localSpace: SpaceView = { id: 5, name: 'Disk', type: 'Local', localPath: '/srv/disk', hasSecret: false, workingDir: '', revision: 1, shardStoreMaxSize: null };
const s3Form = (change: Partial<SpaceForm> = {}): SpaceForm => ({ ...emptySpaceForm(), name: 'S3 data', type: 'S3', endpoint: 'http://127.0.0.1:7480', bucket: 'my-bucket', accessKeyId: 'AK', secretAccessKey: 'SK', ...change });

describe('the space form', () => {
  it('asks for what each type needs', () => {
    expect(Object.keys(spaceFormProblems({ ...emptySpaceForm() })).sort()).toEqual(['localPath', 'name']);
    expect(spaceFormProblems({ ...emptySpaceForm(), name: 'x', localPath: 'relative' }).localPath?.key).toBe('localPathAbsolute');
    expect(spaceFormProblems({ ...emptySpaceForm(), name: 'x', localPath: 'C:\\data' })).toEqual({});
    expect(spaceFormProblems(s3Form())).toEqual({});
    expect(spaceFormProblems(s3Form({ endpoint: '' }))).toEqual({});
    expect(spaceFormProblems(s3Form({ type: 'OSS', endpoint: '' })).endpoint?.key).toBe('endpointRequired');
    expect(spaceFormProblems(s3Form({ type: 'OBS' })).projectID?.key).toBe('projectIdRequired');
    expect(spaceFormProblems(s3Form({ bucket: 'My_Bucket' })).bucket?.key).toBe('bucketInvalid');
    expect(spaceFormProblems(s3Form({ secretAccessKey: '', workingDir: '../x' }))).toMatchObject({ secretAccessKey: { key: 'secretRequired' }, workingDir: { key: 'workingDirInvalid' } });
    expect(spaceFormProblems(s3Form({ name: 'a/b' })).name?.key).toBe('nameInvalid');
  });

  it('creates with the contract’s input, the secret going to the service once', () => {
    const input = createInput(s3Form({ type: 'OBS', projectID: 'p', workingDir: 'jcs/' }));
    expect(input).toEqual({ name: 'S3 data', config: { type: 'OBS', endpoint: 'http://127.0.0.1:7480', region: '', bucket: 'my-bucket', projectID: 'p', accessKeyId: 'AK', secretAccessKey: 'SK' }, workingDir: 'jcs' });
    expect(spaceCreateSchema.safeParse({ connectionId: 'local', ...input }).success).toBe(true);
    expect(createInput({ ...emptySpaceForm(), name: 'L', localPath: '/d' }).config).toEqual({ type: 'Local', localPath: '/d' });
  });

  it('edits without the secret: never prefilled, sent only when typed, needed for a new key', () => {
    const form = formFromSpace(obsSpace);
    expect(form.secretAccessKey).toBe('');
    expect(form.accessKeyId).toBe('AK1');
    expect(spaceFormProblems(form, obsSpace)).toEqual({});
    const renamed = updateInput({ ...form, name: 'Renamed' }, obsSpace);
    expect(renamed).toEqual({ id: 4, name: 'Renamed' });
    expect(spaceUpdateSchema.safeParse({ connectionId: 'local', ...renamed }).success).toBe(true);
    expect(updateInput({ ...form, secretAccessKey: 'new' }, obsSpace)).toEqual({ id: 4, name: 'OBS data', secretAccessKey: 'new' });
    expect(spaceFormProblems({ ...form, accessKeyId: 'AK2' }, obsSpace).secretAccessKey?.key).toBe('secretForNewKey');
    expect(updateInput({ ...form, accessKeyId: 'AK2', secretAccessKey: 's2' }, obsSpace)).toEqual({ id: 4, name: 'OBS data', accessKeyId: 'AK2', secretAccessKey: 's2' });
    expect(updateInput({ ...formFromSpace(localSpace), name: 'D2' }, localSpace)).toEqual({ id: 5, name: 'D2' });
  });

  it('tests an edited S3-family space only with its secret typed again; a Local one always', () => {
    expect(editTestInput(formFromSpace(obsSpace), obsSpace)).toBeNull();
    expect(editTestInput({ ...formFromSpace(obsSpace), secretAccessKey: 'sk' }, obsSpace)).toEqual({
      config: { type: 'OBS', endpoint: 'https://obs.example.com', region: 'cn-north-4', bucket: 'data', projectID: 'p1', accessKeyId: 'AK1', secretAccessKey: 'sk' },
      workingDir: 'jcs',
    });
    expect(editTestInput(formFromSpace(localSpace), localSpace)).toEqual({ config: { type: 'Local', localPath: '/srv/disk' }, workingDir: '' });
  });
});

describe('the task form', () => {
  const filled = (change: Partial<TaskForm> = {}): TaskForm => ({ ...defaultTaskForm(), srcSpaceId: '1', srcPath: 'cli', destinations: [{ spaceId: '2', path: 'svr' }], ...change });

  it('reads sizes with their unit', () => {
    expect(sizeInBytes('', 'MiB')).toBeUndefined();
    expect(sizeInBytes('1.5', 'KiB')).toBe(1536);
    expect(sizeInBytes('-1', 'B')).toBeNaN();
    expect(sizeInBytes('1e3', 'B')).toBeNaN();
  });

  it('reports missing spaces, bad paths, overlapping or repeated destinations, intervals and bounds', () => {
    expect(taskFormProblems(filled())).toEqual({});
    const problems = taskFormProblems({
      ...defaultTaskForm(),
      srcSpaceId: '1',
      srcPath: 'a/../b',
      destinations: [
        { spaceId: '', path: '' },
        { spaceId: '2', path: 'x' },
        { spaceId: '2', path: 'x' },
      ],
      intervalSeconds: '0',
      minSize: '2',
      maxSize: '1',
    });
    expect(Object.fromEntries(Object.entries(problems).map(([k, v]) => [k, v?.key]))).toEqual({
      srcPath: 'pathInvalid',
      'dest.0.spaceId': 'spaceRequired',
      'dest.2.path': 'destRepeated',
      intervalSeconds: 'intervalRange',
      maxSize: 'maxBelowMin',
    });
    expect(taskFormProblems(filled({ destinations: [{ spaceId: '1', path: 'cli/sub' }] }))['dest.0.path']?.key).toBe('destOverlapsSource');
    expect(taskFormProblems(filled({ destinations: [{ spaceId: '1', path: 'other' }] }))).toEqual({});
  });

  it('makes the contract’s input, with bounds only where given', () => {
    const input = taskInput(filled({ minSize: '1', minUnit: 'KiB', intervalSeconds: '60', includeModTime: false }));
    expect(input).toEqual({ srcSpaceId: 1, srcPath: 'cli', destinations: [{ spaceId: 2, path: 'svr' }], intervalSeconds: 60, includeSize: true, includeModTime: false, minSize: 1024, noEmptyDirectories: false });
    expect(spaceTaskCreateSchema.safeParse({ connectionId: 'local', ...input }).success).toBe(true);
  });
});

describe('display helpers', () => {
  it('say where a space is and walk paths', () => {
    expect(spaceRoot(localSpace)).toBe('/srv/disk');
    expect(spaceRoot(obsSpace)).toBe('https://obs.example.com · data');
    expect(spaceRoot({ ...obsSpace, endpoint: '' })).toBe('AWS S3 · data');
    expect(pathCrumbs('a/b/c')).toEqual(['a', 'a/b', 'a/b/c']);
    expect(pathCrumbs('')).toEqual([]);
    expect(parentPath('a/b')).toBe('a');
    expect(parentPath('a')).toBe('');
  });

  it('measure a job by bytes, else by files, and not before the service counted', () => {
    const job: SpaceJobView = { id: 'n1', kind: 'import', state: 'running', spaceId: 1, path: '', bucketRoot: 'b1', packageRoot: null, name: 'p', filesDone: 1, filesTotal: 4, bytesDone: 50, bytesTotal: 200, error: null, created: '', updated: '', tracking: 'service' };
    expect(jobFraction(job)).toBe(0.25);
    expect(jobFraction({ ...job, bytesTotal: 0 })).toBe(0.25);
    expect(jobFraction({ ...job, bytesTotal: null, filesTotal: null })).toBeNull();
    expect(jobFraction({ ...job, state: 'done' })).toBe(1);
  });

  it('poll tasks fast while a pass runs, slowly while they wait, never for cancelled ones', () => {
    const task = { status: 'idle' } as SpaceTaskView;
    expect(tasksRefetchMs([task, { ...task, status: 'running' }])).toBe(1000);
    expect(tasksRefetchMs([task])).toBe(5000);
    expect(tasksRefetchMs([{ ...task, status: 'cancelled' }])).toBe(false);
  });
});

/** Every key of a table, plural forms folded into their base key. */
function keys(table: Strings, prefix = ''): string[] {
  return Object.entries(table).flatMap(([key, value]) => (typeof value === 'string' ? [prefix + key.replace(/_(one|other)$/, '')] : keys(value, `${prefix}${key}.`)));
}

describe('spaces strings', () => {
  it('say the same things in English and Chinese', () => {
    const en = new Set(keys(spacesStrings.en));
    const zh = new Set(keys(spacesStrings['zh-CN']));
    expect([...en].filter((k) => !zh.has(k))).toEqual([]);
    expect([...zh].filter((k) => !en.has(k))).toEqual([]);
  });

  it('word every problem the forms report, and intervals in both languages', async () => {
    const found = [
      spaceFormProblems(emptySpaceForm()),
      spaceFormProblems(s3Form({ name: '', bucket: '', endpoint: 'ftp://x', accessKeyId: '', secretAccessKey: '', workingDir: 'a//b' })),
      spaceFormProblems(s3Form({ type: 'OBS', endpoint: '', bucket: 'A', projectID: '' })),
      spaceFormProblems({ ...emptySpaceForm(), name: 'a/b', localPath: 'rel' }),
      spaceFormProblems({ ...formFromSpace(obsSpace), accessKeyId: 'new' }, obsSpace),
      spaceFormProblems({ ...formFromSpace(obsSpace), accessKeyId: '' }, obsSpace),
      taskFormProblems({ ...defaultTaskForm(), srcPath: '/x', destinations: [{ spaceId: '1', path: '' }, { spaceId: '1', path: '' }], srcSpaceId: '1', intervalSeconds: 'x', minSize: 'x', maxSize: 'y' }),
      taskFormProblems({ ...defaultTaskForm(), srcSpaceId: '1', destinations: [{ spaceId: '2', path: '' }, { spaceId: '2', path: '' }], minSize: '5', maxSize: '1' }),
      taskFormProblems({ ...defaultTaskForm(), srcSpaceId: '', destinations: [{ spaceId: '', path: '' }] }),
      taskFormProblems({ ...defaultTaskForm(), srcSpaceId: '3', srcPath: 'a', destinations: [{ spaceId: '3', path: 'a/b' }] }),
    ].flatMap((problems) => Object.values(problems).filter((p) => p !== undefined));
    const en = new Set(keys(spacesStrings.en));
    for (const problem of found) expect(en.has(`spaces.problem.${problem.key}`), problem.key).toBe(true);
    // Every key the form modules can produce is among those reached here.
    expect([...new Set(found.map((p) => p.key))].sort()).toEqual(
      [
        'accessKeyRequired', 'bucketInvalid', 'bucketRequired', 'destOverlapsSource', 'destRepeated', 'endpointInvalid', 'endpointRequired', 'intervalRange', 'localPathAbsolute', 'localPathRequired',
        'maxBelowMin', 'nameInvalid', 'nameRequired', 'pathInvalid', 'projectIdRequired', 'secretForNewKey', 'secretRequired', 'sizeInvalid', 'spaceRequired', 'workingDirInvalid',
      ].sort(),
    );
    const [english, chinese] = [await testI18n('en'), await testI18n('zh-CN')];
    expect(intervalText(300, english.t)).toBe('every 5 minutes');
    expect(intervalText(90, english.t)).toBe('every 90 seconds');
    expect(intervalText(86_400, english.t)).toBe('every day');
    expect(intervalText(7200, chinese.t)).toBe('每 2 小时');
  });
});
