import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_OPTIONS, syncTaskConfigSchema, type SyncTaskConfig } from '@shared/contract/sync';
import { configFromForm, defaultForm, formFromConfig, hasProblems, isAbsoluteHostPath, nameFromPath, parsePatterns, patternsText, remotePathProblem, sizeBytes, sizeInput, validateForm as validateWith, type RemoteShape, type SyncForm } from './sync-form';

const filled = (change: Partial<SyncForm> = {}): SyncForm => ({
  ...defaultForm('local'),
  name: 'Photos',
  localPath: '/home/me/Photos',
  rootPath: ['b1'],
  root: 'p2',
  ...change,
});

/** A service whose roots are in two levels (as JCS's buckets and packages), with folders. */
const TWO_LEVELS: RemoteShape = { levels: ['bucket', 'package'], folders: true };
const validateForm = (form: SyncForm) => validateWith(form, TWO_LEVELS);

const config: SyncTaskConfig = {
  name: 'Docs',
  localPath: '/data/docs',
  connectionId: 'c1',
  root: 'p4',
  remotePath: 'team/docs/',
  direction: 'upload',
  trigger: { type: 'Interval', interval: 900 },
  mode: { type: 'Diff', includeSize: true, includeModTime: false, checkHash: true },
  filters: [
    { type: 'Size', minSize: 2048, maxSize: 5 * 1024 ** 3 },
    { type: 'Include', patterns: ['*.md', 'img/**'] },
    { type: 'Exclude', patterns: ['*.tmp'] },
  ],
  options: { noEmptyDirectories: false, propagateDeletions: false, deletionGuard: { maxFiles: 7, maxPercent: 12.5 }, dryRun: true, trashDays: 60 },
};

describe('parsePatterns', () => {
  it('takes one trimmed pattern per line, dropping blank lines and # comments', () => {
    expect(parsePatterns('  *.jpg \r\n\n# photos only\nraw/**\n   \n!keep.jpg')).toEqual(['*.jpg', 'raw/**', '!keep.jpg']);
    expect(parsePatterns('')).toEqual([]);
  });

  it('round-trips through the text field', () => {
    expect(parsePatterns(patternsText(['a', 'b/**']))).toEqual(['a', 'b/**']);
  });
});

describe('sizes', () => {
  it('reads a number with a unit in binary multiples', () => {
    expect(sizeBytes('', 'MB')).toBeUndefined();
    expect(sizeBytes(' 2 ', 'KB')).toBe(2048);
    expect(sizeBytes('1.5', 'MB')).toBe(1.5 * 1024 * 1024);
    expect(sizeBytes('-1', 'B')).toBeNaN();
    expect(sizeBytes('ten', 'B')).toBeNaN();
  });

  it('shows a byte count in the largest unit that holds it exactly', () => {
    expect(sizeInput(2048)).toEqual({ value: '2', unit: 'KB' });
    expect(sizeInput(5 * 1024 ** 3)).toEqual({ value: '5', unit: 'GB' });
    expect(sizeInput(1500)).toEqual({ value: '1500', unit: 'B' });
    expect(sizeInput(0)).toEqual({ value: '0', unit: 'B' });
  });
});

describe('remote folder', () => {
  it("accepts the package root or a folder path ending in '/'", () => {
    expect(remotePathProblem('')).toBeUndefined();
    expect(remotePathProblem('photos/')).toBeUndefined();
    expect(remotePathProblem('a/b c/')).toBeUndefined();
  });

  it('says what is wrong otherwise, suggesting the trailing slash', () => {
    expect(remotePathProblem('photos')).toEqual({ key: 'remoteTrailingSlash', values: { suggestion: 'photos/' } });
    expect(remotePathProblem('/photos/')?.key).toBe('remoteLeadingSlash');
    expect(remotePathProblem('a//b/')?.key).toBe('remoteInvalid');
    expect(remotePathProblem('a/../b/')?.key).toBe('remoteInvalid');
    expect(remotePathProblem('a\\b/')?.key).toBe('remoteInvalid');
  });
});

describe('validateForm', () => {
  it('finds nothing wrong with a filled-in default form', () => {
    expect(validateForm(filled())).toEqual({});
  });

  it('asks for the name, folder, connection, and the root at every level', () => {
    const problems = validateForm(defaultForm(''));
    expect(Object.keys(problems).sort()).toEqual(['connectionId', 'localPath', 'name', 'root.0', 'root.1']);
    expect([problems['root.0']?.key, problems['root.1']?.key]).toEqual(['bucketRequired', 'packageRequired']);
    expect(problems.name?.key).toBe('nameRequired');
  });

  it('wants an absolute local path (POSIX or Windows)', () => {
    expect(validateForm(filled({ localPath: 'Photos' })).localPath?.key).toBe('localAbsolute');
    expect(isAbsoluteHostPath('C:\\Users\\me')).toBe(true);
    expect(isAbsoluteHostPath('\\\\server\\share')).toBe(true);
    expect(isAbsoluteHostPath('./x')).toBe(false);
  });

  it('checks the interval only for interval tasks, within the contract limits', () => {
    expect(validateForm(filled({ triggerType: 'Watch', intervalSeconds: 'x' }))).toEqual({});
    expect(validateForm(filled({ triggerType: 'Interval', intervalSeconds: '9' })).intervalSeconds?.key).toBe('intervalRange');
    expect(validateForm(filled({ triggerType: 'Interval', intervalSeconds: '2.5' })).intervalSeconds?.key).toBe('intervalRange');
    expect(validateForm(filled({ triggerType: 'Interval', intervalSeconds: '10' }))).toEqual({});
  });

  it('needs at least one way to compare files', () => {
    expect(validateForm(filled({ includeSize: false, includeModTime: false, checkHash: false })).includeSize?.key).toBe('compareSomething');
    expect(validateForm(filled({ includeSize: false, includeModTime: false, checkHash: true }))).toEqual({});
  });

  it('checks sizes, patterns and the safety numbers', () => {
    expect(validateForm(filled({ minSize: 'abc' })).minSize?.key).toBe('sizeNumber');
    expect(validateForm(filled({ minSize: '2', minSizeUnit: 'MB', maxSize: '1', maxSizeUnit: 'MB' })).maxSize?.key).toBe('maxBelowMin');
    expect(validateForm(filled({ exclude: 'x'.repeat(513) })).exclude?.key).toBe('patternTooLong');
    expect(validateForm(filled({ include: Array.from({ length: 201 }, (_, i) => `p${i}`).join('\n') })).include?.key).toBe('tooManyPatterns');
    expect(validateForm(filled({ guardMaxFiles: '-1' })).guardMaxFiles?.key).toBe('wholeNumber');
    expect(validateForm(filled({ guardMaxPercent: '101' })).guardMaxPercent?.key).toBe('percentRange');
    expect(validateForm(filled({ guardMaxPercent: '12.5' }))).toEqual({});
    expect(validateForm(filled({ trashDays: '0' })).trashDays?.key).toBe('trashDaysRange');
    expect(hasProblems(validateForm(filled({ trashDays: '3651' })))).toBe(true);
  });
});

describe('form ↔ config', () => {
  it('turns the default form into a config the contract accepts, with the default options', () => {
    const result = configFromForm(filled({ name: '  Photos  ' }));
    expect(syncTaskConfigSchema.strict().parse(result)).toEqual(result);
    expect(result).toMatchObject({ name: 'Photos', connectionId: 'local', root: 'p2', remotePath: '', direction: 'twoWay', trigger: { type: 'Watch' }, filters: [] });
    expect(result.options).toEqual(DEFAULT_SYNC_OPTIONS);
  });

  it('writes only the filters that are set', () => {
    const result = configFromForm(filled({ maxSize: '10', maxSizeUnit: 'MB', exclude: '*.tmp\n\n# editor files\n*.swp' }));
    expect(result.filters).toEqual([
      { type: 'Size', maxSize: 10 * 1024 * 1024 },
      { type: 'Exclude', patterns: ['*.tmp', '*.swp'] },
    ]);
  });

  it('round-trips a config through the form', () => {
    const form = formFromConfig(config);
    expect(form).toMatchObject({ triggerType: 'Interval', intervalSeconds: '900', minSize: '2', minSizeUnit: 'KB', maxSize: '5', maxSizeUnit: 'GB', include: '*.md\nimg/**', exclude: '*.tmp', guardMaxPercent: '12.5' });
    expect(validateForm(form)).toEqual({});
    expect(configFromForm(form)).toEqual(config);
  });

  it('merges several filters of one kind', () => {
    const form = formFromConfig({
      ...config,
      filters: [
        { type: 'Exclude', patterns: ['a'] },
        { type: 'Size', minSize: 10 },
        { type: 'Exclude', patterns: ['b'] },
        { type: 'Size', minSize: 20, maxSize: 4096 },
      ],
    });
    expect(form).toMatchObject({ exclude: 'a\nb', minSize: '20', minSizeUnit: 'B', maxSize: '4', maxSizeUnit: 'KB', include: '' });
  });
});

describe('validateForm: the root, as the service arranges its roots', () => {
  it('asks only for the levels not chosen yet; a task being edited (its root known) asks for none', () => {
    expect(Object.keys(validateForm(filled({ rootPath: ['b1'], root: null }))).filter((k) => k.startsWith('root.'))).toEqual(['root.1']);
    expect(validateForm(filled({ rootPath: [], root: 'p2' }))).toEqual({});
  });

  it('names a level it has words for, and another one by its number', () => {
    const oneSpace = (form: SyncForm) => validateWith(form, { levels: ['space'], folders: true });
    expect(oneSpace(filled({ rootPath: [], root: null }))['root.0']?.key).toBe('spaceRequired');
    const problems = validateWith(filled({ rootPath: [], root: null }), { levels: ['region', 'vault', 'drive'], folders: true });
    expect([problems['root.0'], problems['root.1'], problems['root.2']]).toEqual([
      { key: 'rootRequired', values: { level: 1 } },
      { key: 'rootRequired', values: { level: 2 } },
      { key: 'rootRequired', values: { level: 3 } },
    ]);
  });

  it('asks for a root while the connection\'s levels are not known yet', () => {
    expect(validateWith(filled({ root: null }), { levels: [], folders: true })['root.0']?.key).toBe('rootRequired');
  });

  it('on a service without folders, the task syncs with the root itself: no folder', () => {
    const flat: RemoteShape = { levels: ['space'], folders: false };
    expect(validateWith(filled({ remotePath: '' }), flat)).toEqual({});
    expect(validateWith(filled({ remotePath: 'photos/' }), flat).remotePath?.key).toBe('remoteNoFolders');
  });
});

describe('nameFromPath', () => {
  it("suggests the folder's own name", () => {
    expect(nameFromPath('/home/me/Photos/')).toBe('Photos');
    expect(nameFromPath('C:\\Users\\me\\Documents')).toBe('Documents');
    expect(nameFromPath('/')).toBe('');
  });
});
