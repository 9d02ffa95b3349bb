/**
 * Adds or edits a connection of any kind the app knows: its name and the
 * fields of its kind's form (ConnectionFields; a kind selector when there is
 * more than one kind to add). Problems show in place, as early as is helpful
 * (see `shown`). "Test" tries the settings as they stand in the form, before
 * anything is saved; Save tests them too, unless they just passed. Settings
 * that fail the test are saved only after an explicit "Save anyway", next to
 * the failure itself (a service may be down for now, but one click must not
 * store an address that does not work without saying so).
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionView } from '@shared/contract/domain';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useToasts } from '../../components/toasts';
import { useApiMutation } from '../../lib/api';
import { ConnectionFields, Field } from './ConnectionFields';
import { addInput, blocksTest, formProblems, initialForm, testInput, updateInput, type ConnectionForm } from './connection-form';
import { CONNECTION_KINDS, connectionKindUi, type ConnectionKindUi } from './connection-kinds';
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
  const [form, setForm] = useState<ConnectionForm>(() => {
    const known = connectionKindUi(connection?.kind ?? CONNECTION_KINDS[0]!.form.kind);
    return known ? initialForm(known, connection) : { name: connection?.name ?? '', kind: connection?.kind ?? '', values: {}, cleared: [] };
  });
  // A connection of a kind this renderer has no form for cannot be edited here (it can still be removed).
  const ui: ConnectionKindUi | undefined = connectionKindUi(form.kind);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [testState, setTestState] = useState<TestState>({ status: 'idle' });
  const [saveError, setSaveError] = useState<unknown>(null);
  /** Save was asked for settings that failed their test: the user must confirm. */
  const [askSaveAnyway, setAskSaveAnyway] = useState(false);
  const saving = add.isPending || update.isPending;
  // Bumped on every edit, so a test that finishes after the form changed does not report on other settings.
  const formVersion = useRef(0);

  const problems = ui ? formProblems(ui, form, connection) : {};
  const shown = (field: string) => {
    const problem = problems[field];
    const spec = ui?.form.fields.find((f) => f.name === field);
    // An address is checked as it is typed; fields that go together (a key pair) once the group's
    // secret was left (not while the user is on the way to it); the rest, a missing name too, on Save.
    const groupSecretLeft = !!spec?.group && !!ui?.form.fields.some((f) => f.group === spec.group && f.input === 'secret' && touched.has(f.name));
    const visible = submitted || (spec?.input === 'url' && ((form.values[field] ?? '').trim() !== '' || touched.has(field))) || groupSecretLeft;
    return visible && problem ? t(problem) : undefined;
  };
  const change = (patch: Partial<ConnectionForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    formVersion.current++;
    setTestState({ status: 'idle' });
    setSaveError(null);
    setAskSaveAnyway(false);
  };
  const touch = (field: string) => setTouched((s) => new Set(s).add(field));
  const chooseKind = (kind: string) => {
    const chosen = connectionKindUi(kind);
    if (chosen) change({ ...initialForm(chosen, undefined), name: form.name });
  };

  /** Tests the form's settings; `then` runs with the outcome, unless the form changed meanwhile. */
  const runTest = (then?: (passed: boolean) => void) => {
    if (!ui) return;
    const version = formVersion.current;
    setTestState({ status: 'running' });
    setAskSaveAnyway(false);
    test.mutate(testInput(ui, form, connection), {
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
    if (!ui) return;
    if (connection) update.mutate(updateInput(ui, form, connection), { onSuccess: done, onError: setSaveError });
    else add.mutate(addInput(ui, form), { onSuccess: done, onError: setSaveError });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (saving || testState.status === 'running' || Object.keys(problems).length > 0) return;
    if (testState.status === 'ok') save();
    else if (testState.status === 'failed') setAskSaveAnyway(true);
    else runTest((passed) => (passed ? save() : setAskSaveAnyway(true)));
  };

  return (
    <Dialog open wide title={connection ? t('connections.editTitle', { name: connection.name }) : t('connections.addTitle')} onClose={onClose} testId="connection-dialog">
      <form className="form connection-form" onSubmit={submit} noValidate>
        <Field label={t('connections.form.name')} problem={shown('name')}>
          <input className="input" value={form.name} maxLength={100} autoFocus placeholder={t('connections.form.namePlaceholder')} onChange={(e) => change({ name: e.target.value })} aria-invalid={!!shown('name')} data-testid="connection-name" />
        </Field>
        {!connection && CONNECTION_KINDS.length > 1 && (
          <Field label={t('connections.form.kind')}>
            <select className="input" value={form.kind} onChange={(e) => chooseKind(e.target.value)} data-testid="connection-kind">
              {CONNECTION_KINDS.map((k) => (
                <option key={k.form.kind} value={k.form.kind}>
                  {t(`connections.form.kinds.${k.form.kind}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
        {ui ? <ConnectionFields ui={ui} form={form} existing={connection} shown={shown} change={change} touch={touch} /> : <p className="field-problem">{t('connections.form.unknownKind', { kind: form.kind })}</p>}
        <ConnectionTestResult state={testState} levelKey={ui?.topLevelKey ?? 'other'} />
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
          <button type="button" className="button" onClick={() => runTest()} disabled={!ui || testState.status === 'running' || blocksTest(problems)} data-testid="connection-test">
            {testState.status === 'running' ? t('connections.form.testing') : t('connections.form.test')}
          </button>
          <button type="button" className="button" onClick={onClose} disabled={saving}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={!ui || saving || testState.status === 'running'} data-testid="connection-save">
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
