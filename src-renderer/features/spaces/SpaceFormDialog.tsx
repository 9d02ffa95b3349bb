/**
 * Create or edit a user space: a form per storage type (Local: the folder on
 * the service's machine; S3, OBS, OSS, COS: endpoint, region, bucket, OBS's
 * project, and the key pair) and the working folder, with Test (the service
 * really uses the storage and says what failed). Editing changes the name and
 * the key pair only. The secret box always starts empty: a saved secret shows
 * as "set" and is kept unless a new one is typed.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ConnectionView } from '@shared/contract/domain';
import type { SpaceView, StorageType } from '@shared/contract/spaces';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { useToasts } from '../../components/toasts';
import { useTransport } from '../../lib/api';
import { HostFolderPicker } from '../sync/HostFolderPicker';
import { createInput, editTestInput, emptySpaceForm, formFromSpace, isS3Family, spaceFormProblems, SPACE_TYPES, updateInput, type SpaceField, type SpaceForm } from './space-form';

interface Props {
  connection: ConnectionView;
  /** The space to edit; a new one when absent. */
  space?: SpaceView;
  onClose: () => void;
}

type TestState = { state: 'idle' } | { state: 'running' } | { state: 'ok'; ms: number } | { state: 'failed'; error: unknown };

export function SpaceFormDialog({ connection, space, onClose }: Props) {
  const { t } = useTranslation();
  const transport = useTransport();
  const client = useQueryClient();
  const show = useToasts((s) => s.show);
  const connectionId = connection.id;
  const [form, setForm] = useState<SpaceForm>(() => (space ? formFromSpace(space) : emptySpaceForm()));
  const [touched, setTouched] = useState<ReadonlySet<SpaceField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [test, setTest] = useState<TestState>({ state: 'idle' });
  const [picking, setPicking] = useState(false);
  const problems = spaceFormProblems(form, space);
  const editing = space !== undefined;
  const type: string = space?.type ?? form.type;
  const s3 = isS3Family(type);

  const set = <K extends SpaceField>(field: K, value: SpaceForm[K]) => {
    setForm((old) => ({ ...old, [field]: value }));
    setTest({ state: 'idle' });
  };
  const touch = (field: SpaceField) => setTouched((old) => new Set(old).add(field));
  const problemOf = (field: SpaceField) => (submitted || touched.has(field) ? problems[field] : undefined);

  const testInput = editing ? editTestInput(form, space) : Object.keys(problems).some((f) => f !== 'name') ? null : createInput(form);
  const runTest = () => {
    if (!testInput) {
      setSubmitted(true);
      return;
    }
    setTest({ state: 'running' });
    transport
      .call('spaces.test', { connectionId, config: testInput.config, workingDir: testInput.workingDir })
      .then((result) => setTest({ state: 'ok', ms: result.latencyMs }))
      .catch((error: unknown) => setTest({ state: 'failed', error }));
  };

  const save = async () => {
    setSubmitted(true);
    if (Object.keys(problems).length > 0) return;
    setSaving(true);
    setSaveError(null);
    try {
      const saved = editing ? await transport.call('spaces.update', { connectionId, ...updateInput(form, space) }) : await transport.call('spaces.create', { connectionId, ...createInput(form) });
      // The typed secret leaves this page's memory with the dialog; nothing keeps it.
      await client.invalidateQueries({ queryKey: ['spaces.list', { connectionId }] });
      show('success', t(editing ? 'spaces.form.saved' : 'spaces.form.created', { name: saved.name }));
      onClose();
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  const browseLocal = () => {
    if (!transport.host.nativePaths) {
      setPicking(true);
      return;
    }
    transport
      .call('dialogs.open', { kind: 'folder' })
      .then(({ paths }) => paths[0] && set('localPath', paths[0]))
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === AppErrorCode.Unsupported) setPicking(true);
        else show('error', (words) => words.describe(error));
      });
  };

  const fixed = (label: string, value: string | undefined, testId: string) => (
    <div className="field">
      <span className="field-label">{label}</span>
      <span className="spaces-fixed" data-testid={testId}>
        {value || '—'}
      </span>
    </div>
  );

  return (
    <>
      <Dialog
        open
        wide
        title={editing ? t('spaces.form.editTitle', { name: space.name }) : t('spaces.form.createTitle')}
        onClose={onClose}
        testId="space-form"
        footer={
          <>
            <span className="spaces-test-result" data-testid="space-test-result" data-state={test.state}>
              {test.state === 'running' && t('spaces.form.testing')}
              {test.state === 'ok' && <span className="spaces-tone-ok">{t('spaces.form.testOk', { ms: test.ms })}</span>}
            </span>
            <button type="button" className="button" onClick={runTest} disabled={test.state === 'running' || (editing && !testInput)} title={editing && !testInput ? t('spaces.form.testNeedsSecret') : undefined} data-testid="space-test">
              {t('spaces.form.test')}
            </button>
            <button type="button" className="button" onClick={onClose} disabled={saving}>
              {t('common.cancel')}
            </button>
            <button type="button" className="button button-primary" onClick={() => void save()} disabled={saving} data-testid="space-save">
              {editing ? t('common.save') : t('common.create')}
            </button>
          </>
        }
      >
        <form
          className="form spaces-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Field label={t('spaces.form.name')} problem={problemOf('name')}>
            {(id) => <input id={id} className="input" value={form.name} onChange={(e) => set('name', e.target.value)} onBlur={() => touch('name')} autoFocus data-testid="space-name" />}
          </Field>
          {editing ? (
            <>
              {fixed(t('spaces.form.type'), t(`spaces.type.${type}`, { defaultValue: type }), 'space-type-fixed')}
              {type === 'Local' && fixed(t('spaces.form.localPath'), space.localPath, 'space-local-path-fixed')}
              {s3 && fixed(t('spaces.form.endpoint'), space.endpoint, 'space-endpoint-fixed')}
              {s3 && fixed(t('spaces.form.bucket'), space.bucket, 'space-bucket-fixed')}
              {fixed(t('spaces.form.workingDir'), space.workingDir, 'space-working-dir-fixed')}
              <p className="field-hint">{t('spaces.form.fixedAfterCreate')}</p>
            </>
          ) : (
            <label className="field">
              <span className="field-label">{t('spaces.form.type')}</span>
              <select className="input" value={form.type} onChange={(e) => set('type', e.target.value as StorageType)} data-testid="space-type">
                {SPACE_TYPES.map((option) => (
                  <option key={option} value={option}>
                    {t(`spaces.type.${option}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {!editing && form.type === 'Local' && (
            <Field label={t('spaces.form.localPath')} hint={t('spaces.form.localPathHint')} problem={problemOf('localPath')}>
              {(id) => (
                <span className="spaces-input-row">
                  <input id={id} className="input" value={form.localPath} placeholder="/srv/data" onChange={(e) => set('localPath', e.target.value)} onBlur={() => touch('localPath')} spellCheck={false} data-testid="space-local-path" />
                  {connection.embedded && (
                    <button type="button" className="button" onClick={browseLocal}>
                      {t('spaces.form.browse')}
                    </button>
                  )}
                </span>
              )}
            </Field>
          )}
          {!editing && s3 && (
            <>
              <Field label={t('spaces.form.endpoint')} hint={t(form.type === 'S3' ? 'spaces.form.endpointHintS3' : 'spaces.form.endpointHint')} problem={problemOf('endpoint')}>
                {(id) => <input id={id} className="input" value={form.endpoint} placeholder="https://" onChange={(e) => set('endpoint', e.target.value)} onBlur={() => touch('endpoint')} spellCheck={false} data-testid="space-endpoint" />}
              </Field>
              <div className="spaces-form-row">
                <Field label={t('spaces.form.region')}>{(id) => <input id={id} className="input" value={form.region} onChange={(e) => set('region', e.target.value)} spellCheck={false} data-testid="space-region" />}</Field>
                <Field label={t('spaces.form.bucket')} problem={problemOf('bucket')}>
                  {(id) => <input id={id} className="input" value={form.bucket} onChange={(e) => set('bucket', e.target.value)} onBlur={() => touch('bucket')} spellCheck={false} data-testid="space-bucket" />}
                </Field>
              </div>
              {form.type === 'OBS' && (
                <Field label={t('spaces.form.projectID')} problem={problemOf('projectID')}>
                  {(id) => <input id={id} className="input" value={form.projectID} onChange={(e) => set('projectID', e.target.value)} onBlur={() => touch('projectID')} spellCheck={false} data-testid="space-project-id" />}
                </Field>
              )}
            </>
          )}
          {s3 && (
            <div className="spaces-form-row">
              <Field label={t('spaces.form.accessKeyId')} problem={problemOf('accessKeyId')}>
                {(id) => <input id={id} className="input" value={form.accessKeyId} onChange={(e) => set('accessKeyId', e.target.value)} onBlur={() => touch('accessKeyId')} autoComplete="off" spellCheck={false} data-testid="space-access-key" />}
              </Field>
              <Field
                label={t('spaces.form.secretAccessKey')}
                badge={editing && space.hasSecret ? <span className="spaces-secret-state" data-testid="space-secret-state">{t('spaces.form.secretSet')}</span> : undefined}
                problem={problemOf('secretAccessKey')}
              >
                {(id) => (
                  <input
                    id={id}
                    className="input"
                    type="password"
                    autoComplete="new-password"
                    spellCheck={false}
                    value={form.secretAccessKey}
                    placeholder={editing && space.hasSecret ? t('spaces.form.secretKeep') : ''}
                    onChange={(e) => set('secretAccessKey', e.target.value)}
                    onBlur={() => touch('secretAccessKey')}
                    data-testid="space-secret"
                  />
                )}
              </Field>
            </div>
          )}
          {editing && s3 && !connection.embedded && <p className="field-hint">{t('spaces.form.secretKeepRemote')}</p>}
          {!editing && (
            <Field label={t('spaces.form.workingDir')} hint={t('spaces.form.workingDirHint')} problem={problemOf('workingDir')}>
              {(id) => <input id={id} className="input" value={form.workingDir} placeholder="jcs" onChange={(e) => set('workingDir', e.target.value)} onBlur={() => touch('workingDir')} spellCheck={false} data-testid="space-working-dir" />}
            </Field>
          )}
          {test.state === 'failed' && (
            <div data-testid="space-test-error">
              <ErrorText error={test.error} />
            </div>
          )}
          <ErrorText error={saveError} />
          <button type="submit" hidden />
        </form>
      </Dialog>
      {picking && <HostFolderPicker initialPath={form.localPath || undefined} onChoose={(path) => set('localPath', path)} onClose={() => setPicking(false)} />}
    </>
  );
}

/** A labelled input with its hint and its problem (worded from `spaces.problem.*`). */
function Field({ label, hint, problem, badge, children }: { label: string; hint?: string; problem?: { key: string; values?: Record<string, string | number> }; badge?: ReactNode; children: (id: string) => ReactNode }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field spaces-field">
      <label className="field-label" htmlFor={id}>
        {label}
        {badge}
      </label>
      {children(id)}
      {hint && <span className="field-hint">{hint}</span>}
      {problem && (
        <span className="field-problem" data-testid="field-problem">
          {t(`spaces.problem.${problem.key}`, problem.values ?? {})}
        </span>
      )}
    </div>
  );
}
