import { describe, expect, it } from 'vitest';
import type { ConnectionView } from '@shared/contract/domain';
import { addInput, blocksTest, formProblems, initialForm, testInput, updateInput, type ConnectionForm } from './connection-form';
import { connectionKindUi } from './connection-kinds';

const jcs = connectionKindUi('jcs')!;
const field = (name: string) => jcs.form.fields.find((f) => f.name === name)!;
const form = (values: Record<string, string>, extra: Partial<ConnectionForm> = {}): ConnectionForm => ({ ...initialForm(jcs, undefined), name: 'Mine', values: { baseUrl: '', accessKey: '', secretKey: '', ...values }, ...extra });

const saved: ConnectionView = {
  id: 'c1',
  name: 'Signed',
  kind: 'jcs',
  embedded: false,
  config: { baseUrl: 'http://127.0.0.1:7890', accessKey: 'AK' },
  secretsSet: ['secretKey'],
  secretsReadable: true,
  capabilities: { rootLevels: [{ key: 'bucket', create: true, delete: true }], hash: null, ranges: false, folders: 'prefix', move: false, moveAcrossRoots: false, copy: false, copyAcrossRoots: false, rename: false, delete: true, batchUpload: null, multipart: null, thumbnails: false, folderAsZip: false, maxObjectSize: null, reservedPrefixes: [], listQuery: null, usage: false, userSpaces: false },
};

describe('the JCS connection form', () => {
  it('has the fields of the kind, secrets never prefilled', () => {
    expect(jcs.form.fields.map((f) => f.name)).toEqual(['baseUrl', 'accessKey', 'secretKey']);
    expect(initialForm(jcs, saved).values).toEqual({ baseUrl: 'http://127.0.0.1:7890', accessKey: 'AK', secretKey: '' });
  });

  it('checks fields with the kind’s own schemas and its rule across fields', () => {
    expect(formProblems(jcs, form({ baseUrl: 'ftp://x' }), undefined)).toEqual({ baseUrl: 'connections.form.jcs.problem.baseUrl' });
    expect(formProblems(jcs, form({ baseUrl: '' }), undefined)).toEqual({ baseUrl: 'connections.form.jcs.problem.baseUrl' });
    expect(formProblems(jcs, form({ baseUrl: 'http://h', accessKey: 'AK' }), undefined)).toEqual({ secretKey: 'connections.form.jcs.across.secretKey' });
    expect(formProblems(jcs, form({ baseUrl: 'http://h', secretKey: 'sk' }), undefined)).toEqual({ accessKey: 'connections.form.jcs.across.accessKey' });
    expect(formProblems(jcs, { ...form({ baseUrl: 'http://h' }), name: ' ' }, undefined)).toEqual({ name: 'connections.form.nameRequired' });
    expect(blocksTest({ name: 'connections.form.nameRequired' })).toBe(false);
    expect(blocksTest({ baseUrl: 'x' })).toBe(true);
  });

  it('adds with the settings and secrets given, blank ones left out', () => {
    expect(addInput(jcs, form({ baseUrl: ' http://h ', accessKey: ' AK ', secretKey: 'sk' }))).toEqual({ name: 'Mine', kind: 'jcs', config: { baseUrl: 'http://h', accessKey: 'AK' }, secrets: { secretKey: 'sk' } });
    expect(addInput(jcs, form({ baseUrl: 'http://h' }))).toEqual({ name: 'Mine', kind: 'jcs', config: { baseUrl: 'http://h' } });
  });

  it('keeps a saved secret when its field is left empty, and tests with it', () => {
    const edit = initialForm(jcs, saved);
    expect(formProblems(jcs, { ...edit, name: 'Signed' }, saved)).toEqual({});
    expect(updateInput(jcs, { ...edit, name: 'Signed' }, saved)).toEqual({ id: 'c1', name: 'Signed', config: { baseUrl: 'http://127.0.0.1:7890', accessKey: 'AK' } });
    expect(testInput(jcs, edit, saved)).toEqual({ draft: { kind: 'jcs', config: { baseUrl: 'http://127.0.0.1:7890', accessKey: 'AK' }, secrets: {} }, reuseSecretOf: 'c1' });
  });

  it("clears a group's saved secret with it, when cleared or when its settings are left blank", () => {
    const edit = initialForm(jcs, saved);
    const cleared = { ...edit, values: { ...edit.values, accessKey: '' }, cleared: ['keys'] };
    expect(updateInput(jcs, cleared, saved)).toEqual({ id: 'c1', name: 'Signed', config: { baseUrl: 'http://127.0.0.1:7890', accessKey: '' }, secrets: { secretKey: '' } });
    const blank = { ...edit, values: { ...edit.values, accessKey: '' } };
    expect(formProblems(jcs, { ...blank, name: 'Signed' }, saved)).toEqual({});
    expect(updateInput(jcs, blank, saved).secrets).toEqual({ secretKey: '' });
    expect(testInput(jcs, blank, saved)).not.toHaveProperty('reuseSecretOf');
  });

  it('replaces a secret that is typed', () => {
    const edit = initialForm(jcs, saved);
    expect(updateInput(jcs, { ...edit, values: { ...edit.values, secretKey: 'new' } }, saved).secrets).toEqual({ secretKey: 'new' });
    expect(field('secretKey').group).toBe('keys');
  });
});

describe('the Workspace Files connection form', () => {
  const ws = connectionKindUi('workspace-files')!;
  const blank = (values: Record<string, string>): ConnectionForm => ({ ...initialForm(ws, undefined), name: 'Workspace', values: { baseUrl: '', token: '', ...values } });
  const savedWs: ConnectionView = { ...saved, id: 'w1', name: 'Workspace', kind: 'workspace-files', config: { baseUrl: 'http://127.0.0.1:8091' }, secretsSet: ['token'] };

  it('needs an address and a token; a token with spaces is refused in place', () => {
    expect(ws.form.fields.map((f) => [f.name, f.input, f.required])).toEqual([
      ['baseUrl', 'url', true],
      ['token', 'secret', true],
    ]);
    expect(formProblems(ws, blank({ baseUrl: 'http://h' }), undefined)).toEqual({ token: 'connections.form.workspace-files.problem.token' });
    expect(formProblems(ws, blank({ baseUrl: 'http://h', token: 'two words' }), undefined)).toEqual({ token: 'connections.form.workspace-files.problem.token' });
    expect(addInput(ws, blank({ baseUrl: ' http://h ', token: 'T0k' }))).toEqual({ name: 'Workspace', kind: 'workspace-files', config: { baseUrl: 'http://h' }, secrets: { token: 'T0k' } });
  });

  it('keeps the saved token when editing with the field left empty', () => {
    const edit = initialForm(ws, savedWs);
    expect(edit.values).toEqual({ baseUrl: 'http://127.0.0.1:8091', token: '' });
    expect(formProblems(ws, edit, savedWs)).toEqual({});
    expect(updateInput(ws, edit, savedWs)).toEqual({ id: 'w1', name: 'Workspace', config: { baseUrl: 'http://127.0.0.1:8091' } });
  });
});
