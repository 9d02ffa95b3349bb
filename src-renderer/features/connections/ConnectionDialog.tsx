/**
 * Adds or edits a connection to a JCS-pub service: name, address, and an
 * optional key pair. Problems show in place, as early as is helpful (see
 * `shown`). "Test" tries the settings as they stand in the form, before
 * anything is saved; Save tests them too, unless they just passed. Settings
 * that fail the test are saved only after an explicit "Save anyway", next to
 * the failure itself (a service may be down for now, but one click must not
 * store an address that does not work without saying so).
 */
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionView } from '@shared/contract/domain';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useToasts } from '../../components/toasts';
import { useApiMutation } from '../../lib/api';
import { addInput, blocksTest, DEFAULT_BASE_URL, formProblems, initialForm, testInput, updateInput, type ConnectionForm, type FormField } from './connection-form';
import { ConnectionTestResult, type TestState } from './ConnectionTestResult';

interface ConnectionDialogProps {
  /** The connection to edit; omitted to add one. */
  connection?: ConnectionView;
  onClose: () => void;
  onSaved?: (connection: ConnectionView) => void;
  onRemove?: () => void;
}

export function ConnectionDialog({ connection, onClose, onSaved, onRemove }: ConnectionDialogProps) {
  const { t } = useTranslation();
  const show = useToasts((s) => s.show);
  const add = useApiMutation('connections.add');
  const update = useApiMutation('connections.update');
  const test = useApiMutation('connections.test');
  const [form, setForm] = useState<ConnectionForm>(() => initialForm(connection));
  const [touched, setTouched] = useState<ReadonlySet<FormField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [testState, setTestState] = useState<TestState>({ status: 'idle' });
  const [saveError, setSaveError] = useState<unknown>(null);
  /** Save was asked for settings that failed their test: the user must confirm. */
  const [askSaveAnyway, setAskSaveAnyway] = useState(false);
  const saving = add.isPending || update.isPending;
  // Bumped on every edit, so a test that finishes after the form changed does not report on other settings.
  const formVersion = useRef(0);

  const problems = formProblems(form, connection);
  const shown = (field: FormField) => {
    const problem = problems[field];
    // The address is checked as it is typed; a half key pair once the secret field was left (not while
    // the user is on the way to it); a missing name only on Save.
    const visible =
      submitted ||
      (field === 'baseUrl' && (form.baseUrl.trim() !== '' || touched.has('baseUrl'))) ||
      ((field === 'accessKey' || field === 'secretKey') && touched.has('secretKey'));
    return visible && problem ? t(problem) : undefined;
  };
  const change = (patch: Partial<ConnectionForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    formVersion.current++;
    setTestState({ status: 'idle' });
    setSaveError(null);
    setAskSaveAnyway(false);
  };
  const touch = (field: FormField) => setTouched((s) => new Set(s).add(field));
  const hadKeys = !!connection && (connection.accessKey !== null || connection.hasSecretKey);

  /** Tests the form's settings; `then` runs with the outcome, unless the form changed meanwhile. */
  const runTest = (then?: (passed: boolean) => void) => {
    const version = formVersion.current;
    setTestState({ status: 'running' });
    setAskSaveAnyway(false);
    test.mutate(testInput(form, connection), {
      onSuccess: (result) => {
        if (version !== formVersion.current) return;
        setTestState({ status: 'ok', result });
        then?.(true);
      },
      onError: (error) => {
        if (version !== formVersion.current) return;
        setTestState({ status: 'failed', error });
        then?.(false);
      },
    });
  };

  const save = () => {
    setSaveError(null);
    setAskSaveAnyway(false);
    const done = (saved: ConnectionView) => {
      show('success', t('connections.saved', { name: saved.name }));
      onSaved?.(saved);
      onClose();
    };
    if (connection) update.mutate(updateInput(form, connection), { onSuccess: done, onError: setSaveError });
    else add.mutate(addInput(form), { onSuccess: done, onError: setSaveError });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (saving || testState.status === 'running' || Object.keys(problems).length > 0) return;
    if (testState.status === 'ok') save();
    else if (testState.status === 'failed') setAskSaveAnyway(true);
    else runTest((passed) => (passed ? save() : setAskSaveAnyway(true)));
  };

  const secretPlaceholder = connection?.hasSecretKey && !form.keysCleared ? t('connections.form.secretUnchanged') : '';
  let secretHint: string | undefined;
  if (connection?.hasSecretKey && !form.keysCleared) {
    secretHint = connection.secretsReadable ? t('connections.form.secretKeepHint') : t('connections.form.secretUnreadableHint');
  }

  return (
    <Dialog open wide title={connection ? t('connections.editTitle', { name: connection.name }) : t('connections.addTitle')} onClose={onClose} testId="connection-dialog">
      <form className="form connection-form" onSubmit={submit} noValidate>
        <Field label={t('connections.form.name')} problem={shown('name')}>
          <input className="input" value={form.name} maxLength={100} autoFocus placeholder={t('connections.form.namePlaceholder')} onChange={(e) => change({ name: e.target.value })} aria-invalid={!!shown('name')} data-testid="connection-name" />
        </Field>
        <Field label={t('connections.form.baseUrl')} problem={shown('baseUrl')}>
          <input className="input mono" value={form.baseUrl} maxLength={2048} placeholder={DEFAULT_BASE_URL} spellCheck={false} autoComplete="off" inputMode="url" onChange={(e) => change({ baseUrl: e.target.value })} onBlur={() => touch('baseUrl')} aria-invalid={!!shown('baseUrl')} data-testid="connection-url" />
        </Field>
        <fieldset className="connection-keys">
          <legend>
            {t('connections.form.accessKey')} / {t('connections.form.secretKey')} <span className="field-optional">({t('connections.form.optional')})</span>
          </legend>
          <p className="field-hint">{t('connections.form.keysHint')}</p>
          <div className="connection-keys-row">
            <Field label={t('connections.form.accessKey')} problem={shown('accessKey')}>
              <input className="input mono" value={form.accessKey} maxLength={512} spellCheck={false} autoComplete="off" onChange={(e) => change({ accessKey: e.target.value })} aria-invalid={!!shown('accessKey')} data-testid="connection-access-key" />
            </Field>
            <Field label={t('connections.form.secretKey')} problem={shown('secretKey')} hint={secretHint}>
              <input className="input mono" type="password" value={form.secretKey} maxLength={512} autoComplete="new-password" placeholder={secretPlaceholder} onChange={(e) => change({ secretKey: e.target.value })} onBlur={() => touch('secretKey')} aria-invalid={!!shown('secretKey')} data-testid="connection-secret-key" />
            </Field>
          </div>
          {hadKeys &&
            (form.keysCleared ? (
              <p className="field-hint connection-keys-cleared" data-testid="connection-keys-cleared">
                {t('connections.form.keysCleared')}{' '}
                <button type="button" className="link-button" onClick={() => change({ ...initialForm(connection), name: form.name, baseUrl: form.baseUrl })}>
                  {t('connections.form.undoClear')}
                </button>
              </p>
            ) : (
              <button type="button" className="button connection-clear-keys" onClick={() => change({ accessKey: '', secretKey: '', keysCleared: true })} data-testid="connection-clear-keys">
                <Icon name="close" size={14} />
                {t('connections.form.clearKeys')}
              </button>
            ))}
        </fieldset>
        <ConnectionTestResult state={testState} />
        {askSaveAnyway && testState.status === 'failed' && (
          <div className="connection-save-anyway" role="alert" data-testid="connection-save-anyway-panel">
            <p className="connection-save-anyway-title">{t('connections.form.saveAnywayTitle')}</p>
            <p>{t('connections.form.saveAnywayText')}</p>
            <div className="connection-save-anyway-actions">
              <button type="button" className="button" onClick={() => setAskSaveAnyway(false)} data-testid="connection-keep-editing">
                {t('connections.form.keepEditing')}
              </button>
              <button type="button" className="button button-danger" onClick={save} disabled={saving} data-testid="connection-save-anyway">
                {t('connections.form.saveAnyway')}
              </button>
            </div>
          </div>
        )}
        <ErrorText error={saveError} />
        <div className="dialog-footer connection-footer">
          {connection && onRemove && (
            <button type="button" className="button connection-remove" onClick={onRemove} disabled={saving} data-testid="connection-remove">
              <Icon name="trash" size={14} />
              {t('connections.remove')}
            </button>
          )}
          <span className="connection-footer-spacer" />
          <button type="button" className="button" onClick={() => runTest()} disabled={testState.status === 'running' || blocksTest(problems)} data-testid="connection-test">
            {testState.status === 'running' ? t('connections.form.testing') : t('connections.form.test')}
          </button>
          <button type="button" className="button" onClick={onClose} disabled={saving}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={saving || testState.status === 'running'} data-testid="connection-save">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function Field({ label, problem, hint, children }: { label: string; problem?: string; hint?: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {problem ? <span className="field-problem">{problem}</span> : hint && <span className="field-hint">{hint}</span>}
    </label>
  );
}
