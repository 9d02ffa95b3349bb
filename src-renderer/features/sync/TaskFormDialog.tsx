/**
 * Create or edit a sync task. Problems show under a field once it has been
 * left, and under every field after Save; a failure from main (the folder
 * overlaps another task, does not exist, ...) shows with its code above the
 * buttons.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCAL_CONNECTION_ID } from '@shared/contract/domain';
import type { SyncTask } from '@shared/contract/sync';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { useToasts } from '../../components/toasts';
import { useApiMutation, useApiQuery } from '../../lib/api';
import { BehaviorFields } from './BehaviorFields';
import { FilterFields } from './FilterFields';
import { CheckField, Section, TextField, type SectionProps } from './form-parts';
import { HostFolderPicker } from './HostFolderPicker';
import { LocalFolderField } from './LocalFolderField';
import { RemoteFields } from './RemoteFields';
import { RemoteFolderPicker } from './RemoteFolderPicker';
import { SafetyFields } from './SafetyFields';
import { configFromForm, defaultForm, formFromConfig, hasProblems, nameFromPath, validateForm, type FormField, type FormKey, type SyncForm } from './sync-form';

export function TaskFormDialog({ open, task, onClose }: { open: boolean; task: SyncTask | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const show = useToasts((s) => s.show);
  const create = useApiMutation('sync.create');
  const update = useApiMutation('sync.update');
  // The form starts from the task as it was when the dialog opened; live changes to it do not reset what is being typed.
  const [form, setForm] = useState<SyncForm>(() => (task ? formFromConfig(task) : defaultForm(LOCAL_CONNECTION_ID)));
  const [touched, setTouched] = useState<ReadonlySet<FormField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** A new task of any trigger may start paused, so that its first run can be previewed before it happens. */
  const [startPaused, setStartPaused] = useState(false);
  /** A folder picker open beside the form (not inside it: a nested dialog's Escape would close both). */
  const [picker, setPicker] = useState<'host' | 'remote' | null>(null);
  const busy = create.isPending || update.isPending;
  // What the chosen connection's service is like decides the form's root levels and whether it has folders.
  const connection = useApiQuery('connections.list', {}).data?.find((c) => c.id === form.connectionId);
  const capabilities = connection?.capabilities;
  const problems = validateForm(form, { levels: capabilities?.rootLevels.map((level) => level.key) ?? [], folders: capabilities?.folders !== 'none' });

  const set = useCallback(<K extends FormKey>(field: K, value: SyncForm[K]) => setForm((f) => ({ ...f, [field]: value })), []);
  const touch = useCallback((field: FormField) => setTouched((s) => (s.has(field) ? s : new Set(s).add(field))), []);
  const props: SectionProps = {
    form,
    set,
    touch,
    problem: (field) => (submitted || touched.has(field) ? problems[field] : undefined),
  };

  const chooseLocal = (path: string) => {
    setForm((f) => ({ ...f, localPath: path, name: f.name.trim() ? f.name : nameFromPath(path) }));
    touch('localPath');
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (busy || hasProblems(problems)) return;
    const config = configFromForm(form);
    setError(null);
    const saving = task ? update.mutateAsync({ id: task.id, ...config }) : create.mutateAsync({ ...config, startPaused });
    saving
      .then(async (saved) => {
        await client.invalidateQueries({ queryKey: ['sync.list'] });
        show('success', t(task ? 'sync.form.updated' : 'sync.form.created', { name: saved.name }));
        onClose();
      })
      .catch((e: unknown) => setError(e));
  };

  return (
    <>
      <Dialog open={open} wide title={task ? t('sync.form.editTitle', { name: task.name }) : t('sync.form.createTitle')} onClose={onClose} testId="sync-task-dialog">
        <form className="form sync-form" onSubmit={submit} noValidate>
          <div className="sync-form-scroll">
            <Section title={t('sync.form.general')}>
              <TextField label={t('sync.form.name')} field="name" props={props} placeholder={t('sync.form.namePlaceholder')} testId="sync-field-name" />
              <LocalFolderField {...props} onChoose={chooseLocal} onPickOnHost={() => setPicker('host')} />
            </Section>
            <RemoteFields {...props} connection={connection} onBrowse={() => setPicker('remote')} />
            <BehaviorFields {...props} />
            <FilterFields {...props} />
            <SafetyFields {...props} />
          </div>
          {!task && (
            <div className="sync-options sync-form-start">
              <CheckField label={t('sync.form.startPaused')} hint={t('sync.form.startPausedHint')} checked={startPaused} onChange={setStartPaused} testId="sync-field-start-paused" />
            </div>
          )}
          {submitted && hasProblems(problems) && (
            <p className="field-problem" role="alert">
              {t('sync.form.fixProblems')}
            </p>
          )}
          <ErrorText error={error} />
          <div className="dialog-footer">
            <button type="button" className="button" onClick={onClose} disabled={busy}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button-primary" disabled={busy} data-testid="sync-form-save">
              {task ? t('common.save') : t('sync.form.createButton')}
            </button>
          </div>
        </form>
      </Dialog>
      {picker === 'host' && <HostFolderPicker initialPath={form.localPath.trim() || undefined} onChoose={chooseLocal} onClose={() => setPicker(null)} />}
      {picker === 'remote' && form.root !== null && (
        <RemoteFolderPicker
          connectionId={form.connectionId}
          root={form.root}
          initialPrefix={problems.remotePath ? '' : form.remotePath}
          onChoose={(prefix) => {
            set('remotePath', prefix);
            touch('remotePath');
          }}
          onClose={() => setPicker(null)}
        />
      )}
    </>
  );
}
