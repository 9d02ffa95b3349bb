/**
 * A new space sync task: a source (a space and a path in it), one or more
 * destinations (each a space and a path, chosen with the space's folder
 * picker or typed), the interval in seconds, how files are compared (Diff by
 * size and/or modification time), which sizes count, and whether empty
 * folders are made. The sync only copies: it never deletes at a destination.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpaceView } from '@shared/contract/spaces';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useToasts } from '../../components/toasts';
import { useTransport } from '../../lib/api';
import { SpaceFolderPicker } from './SpaceFolderPicker';
import { canAddDestination, defaultTaskForm, SIZE_UNITS, taskFormProblems, taskInput, type FieldProblem, type SizeUnit, type TaskForm } from './task-form';

type Picking = { target: 'src' } | { target: 'dest'; index: number };

export function TaskFormDialog({ connectionId, spaces, onClose }: { connectionId: string; spaces: readonly SpaceView[]; onClose: () => void }) {
  const { t } = useTranslation();
  const transport = useTransport();
  const client = useQueryClient();
  const show = useToasts((s) => s.show);
  const [form, setForm] = useState<TaskForm>(defaultTaskForm);
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [picking, setPicking] = useState<Picking | null>(null);
  const problems = taskFormProblems(form);
  const problem = (key: string) => (submitted ? problems[key] : undefined);

  const set = <K extends keyof TaskForm>(field: K, value: TaskForm[K]) => setForm((old) => ({ ...old, [field]: value }));
  const setDest = (index: number, change: Partial<TaskForm['destinations'][number]>) =>
    setForm((old) => ({ ...old, destinations: old.destinations.map((d, i) => (i === index ? { ...d, ...change } : d)) }));

  const save = async () => {
    setSubmitted(true);
    if (Object.values(problems).some(Boolean)) return;
    setSaving(true);
    setError(null);
    try {
      await transport.call('spaces.tasks.create', { connectionId, ...taskInput(form) });
      await client.invalidateQueries({ queryKey: ['spaces.tasks.list', { connectionId }] });
      show('success', t('spaces.tasks.created'));
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  const pickSpace = picking ? spaces.find((s) => String(s.id) === (picking.target === 'src' ? form.srcSpaceId : form.destinations[picking.index]?.spaceId)) : undefined;
  const spaceOptions = (
    <>
      <option value="">{t('spaces.form.choose')}</option>
      {spaces.map((s) => (
        <option key={s.id} value={String(s.id)}>
          {s.name}
        </option>
      ))}
    </>
  );

  return (
    <>
      <Dialog
        open
        wide
        title={t('spaces.tasks.formTitle')}
        onClose={onClose}
        testId="space-task-form"
        footer={
          <>
            <button type="button" className="button" onClick={onClose} disabled={saving}>
              {t('common.cancel')}
            </button>
            <button type="button" className="button button-primary" onClick={() => void save()} disabled={saving} data-testid="space-task-save">
              {t('common.create')}
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
          <fieldset className="spaces-section">
            <legend>{t('spaces.tasks.source')}</legend>
            <div className="spaces-place-row">
              <select className="input" value={form.srcSpaceId} onChange={(e) => set('srcSpaceId', e.target.value)} aria-label={t('spaces.tasks.space')} data-testid="space-task-src-space">
                {spaceOptions}
              </select>
              <PathInput value={form.srcPath} onChange={(v) => set('srcPath', v)} onBrowse={() => setPicking({ target: 'src' })} canBrowse={form.srcSpaceId !== ''} testId="space-task-src-path" />
            </div>
            <Problem problem={problem('srcSpaceId') ?? problem('srcPath')} />
          </fieldset>
          <fieldset className="spaces-section">
            <legend>{t('spaces.tasks.destinations')}</legend>
            {form.destinations.map((dest, i) => (
              <div key={i} className="spaces-dest" data-testid="space-task-dest">
                <div className="spaces-place-row">
                  <select className="input" value={dest.spaceId} onChange={(e) => setDest(i, { spaceId: e.target.value })} aria-label={t('spaces.tasks.space')} data-testid="space-task-dest-space">
                    {spaceOptions}
                  </select>
                  <PathInput value={dest.path} onChange={(v) => setDest(i, { path: v })} onBrowse={() => setPicking({ target: 'dest', index: i })} canBrowse={dest.spaceId !== ''} testId="space-task-dest-path" />
                  <button
                    type="button"
                    className="icon-button"
                    disabled={form.destinations.length === 1}
                    onClick={() => set('destinations', form.destinations.filter((_, k) => k !== i))}
                    title={t('spaces.tasks.removeDest')}
                    aria-label={t('spaces.tasks.removeDest')}
                  >
                    <Icon name="close" size={14} />
                  </button>
                </div>
                <Problem problem={problem(`dest.${i}.spaceId`) ?? problem(`dest.${i}.path`)} />
              </div>
            ))}
            <button type="button" className="button spaces-add" onClick={() => set('destinations', [...form.destinations, { spaceId: '', path: '' }])} disabled={!canAddDestination(form)} data-testid="space-task-add-dest">
              <Icon name="plus" size={14} />
              {t('spaces.tasks.addDest')}
            </button>
            <p className="field-hint">{t('spaces.tasks.neverDeletes')}</p>
          </fieldset>
          <fieldset className="spaces-section">
            <legend>{t('spaces.tasks.howTitle')}</legend>
            <label className="field">
              <span className="field-label">{t('spaces.tasks.interval')}</span>
              <input className="input spaces-narrow" type="number" min={1} value={form.intervalSeconds} onChange={(e) => set('intervalSeconds', e.target.value)} data-testid="space-task-interval" />
              <Problem problem={problem('intervalSeconds')} />
            </label>
            <Check label={t('spaces.tasks.includeSize')} checked={form.includeSize} onChange={(v) => set('includeSize', v)} testId="space-task-include-size" />
            <Check label={t('spaces.tasks.includeModTime')} checked={form.includeModTime} onChange={(v) => set('includeModTime', v)} testId="space-task-include-time" />
            <p className="field-hint">{t('spaces.tasks.diffHint')}</p>
            <div className="spaces-form-row">
              <SizeField label={t('spaces.tasks.minSize')} value={form.minSize} unit={form.minUnit} onValue={(v) => set('minSize', v)} onUnit={(u) => set('minUnit', u)} problem={problem('minSize')} testId="space-task-min-size" />
              <SizeField label={t('spaces.tasks.maxSize')} value={form.maxSize} unit={form.maxUnit} onValue={(v) => set('maxSize', v)} onUnit={(u) => set('maxUnit', u)} problem={problem('maxSize')} testId="space-task-max-size" />
            </div>
            <Check label={t('spaces.tasks.noEmptyDirectories')} checked={form.noEmptyDirectories} onChange={(v) => set('noEmptyDirectories', v)} testId="space-task-no-empty" />
          </fieldset>
          <ErrorText error={error} />
          <button type="submit" hidden />
        </form>
      </Dialog>
      {picking && pickSpace && (
        <SpaceFolderPicker
          connectionId={connectionId}
          space={pickSpace}
          initialPath=""
          files={false}
          onChoose={(path) => (picking.target === 'src' ? set('srcPath', path) : setDest(picking.index, { path }))}
          onClose={() => setPicking(null)}
        />
      )}
    </>
  );
}

function Problem({ problem }: { problem: FieldProblem | undefined }) {
  const { t } = useTranslation();
  if (!problem) return null;
  return (
    <span className="field-problem" data-testid="field-problem">
      {t(`spaces.problem.${problem.key}`, problem.values ?? {})}
    </span>
  );
}

function PathInput({ value, onChange, onBrowse, canBrowse, testId }: { value: string; onChange: (value: string) => void; onBrowse: () => void; canBrowse: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <input className="input spaces-grow" value={value} placeholder={t('spaces.picker.wholeSpace')} onChange={(e) => onChange(e.target.value)} aria-label={t('spaces.tasks.path')} spellCheck={false} data-testid={testId} />
      <button type="button" className="button" onClick={onBrowse} disabled={!canBrowse} data-testid={`${testId}-browse`}>
        {t('spaces.form.browse')}
      </button>
    </>
  );
}

function Check({ label, checked, onChange, testId }: { label: string; checked: boolean; onChange: (checked: boolean) => void; testId: string }) {
  return (
    <label className="spaces-check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      <span>{label}</span>
    </label>
  );
}

function SizeField({ label, value, unit, onValue, onUnit, problem, testId }: { label: string; value: string; unit: SizeUnit; onValue: (v: string) => void; onUnit: (u: SizeUnit) => void; problem: FieldProblem | undefined; testId: string }): ReactNode {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <span className="spaces-input-row">
        <input className="input spaces-grow" inputMode="decimal" value={value} placeholder={t('spaces.tasks.noBound')} onChange={(e) => onValue(e.target.value)} data-testid={testId} />
        <select className="input" value={unit} onChange={(e) => onUnit(e.target.value as SizeUnit)} aria-label={t('spaces.tasks.unit')}>
          {SIZE_UNITS.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </span>
      <Problem problem={problem} />
    </label>
  );
}
