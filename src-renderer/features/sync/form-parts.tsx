/** Building blocks the task form's sections share. */
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem, FormField, FormKey, SyncForm } from './sync-form';

export interface SectionProps {
  form: SyncForm;
  set: <K extends FormKey>(field: K, value: SyncForm[K]) => void;
  /** The field's problem when it should be shown (after the field was left, or after Save). */
  problem: (field: FormField) => FieldProblem | undefined;
  touch: (field: FormField) => void;
}

export function ProblemText({ problem, id }: { problem: FieldProblem | undefined; id?: string }) {
  const { t } = useTranslation();
  if (!problem) return null;
  return (
    <span className="field-problem" id={id} data-testid="field-problem">
      {t(`sync.problem.${problem.key}`, problem.values ?? {})}
    </span>
  );
}

export function Section({ title, children, hint }: { title: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <fieldset className="sync-form-section">
      <legend>{title}</legend>
      {hint && <p className="field-hint">{hint}</p>}
      {children}
    </fieldset>
  );
}

/** A labelled text or number input with its hint and problem. */
export function TextField({
  label,
  field,
  props,
  hint,
  type = 'text',
  placeholder,
  className,
  suffix,
  testId,
}: {
  label: string;
  field: 'name' | 'intervalSeconds' | 'guardMaxFiles' | 'guardMaxPercent' | 'trashDays' | 'localPath' | 'remotePath';
  props: SectionProps;
  hint?: string;
  type?: 'text' | 'number';
  placeholder?: string;
  className?: string;
  suffix?: ReactNode;
  testId?: string;
}) {
  const id = useId();
  const problem = props.problem(field);
  return (
    <label className={['field', className].filter(Boolean).join(' ')}>
      <span className="field-label">{label}</span>
      <span className="sync-input-row">
        <input
          className="input"
          type={type}
          value={props.form[field]}
          placeholder={placeholder}
          onChange={(e) => props.set(field, e.target.value)}
          onBlur={() => props.touch(field)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? id : undefined}
          data-testid={testId}
        />
        {suffix}
      </span>
      {hint && <span className="field-hint">{hint}</span>}
      <ProblemText problem={problem} id={id} />
    </label>
  );
}

export function CheckField({ label, hint, checked, onChange, testId }: { label: string; hint?: string; checked: boolean; onChange: (checked: boolean) => void; testId?: string }) {
  return (
    <label className="sync-check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      <span>
        <span className="sync-check-label">{label}</span>
        {hint && <span className="field-hint sync-check-hint">{hint}</span>}
      </span>
    </label>
  );
}

export function RadioOption<V extends string>({ name, value, current, label, hint, onChange }: { name: string; value: V; current: V; label: string; hint?: string; onChange: (value: V) => void }) {
  return (
    <label className="sync-check">
      <input type="radio" name={name} value={value} checked={current === value} onChange={() => onChange(value)} />
      <span>
        <span className="sync-check-label">{label}</span>
        {hint && <span className="field-hint sync-check-hint">{hint}</span>}
      </span>
    </label>
  );
}
