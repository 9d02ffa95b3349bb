/** Which files the task looks at: a size range and glob patterns to include or exclude (plus `.jcsignore`). */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemText, Section, type SectionProps } from './form-parts';
import { SIZE_UNITS, type SizeUnit } from './sync-form';

function SizeField({ label, which, props }: { label: string; which: 'min' | 'max'; props: SectionProps }) {
  const { t } = useTranslation();
  const valueField = which === 'min' ? 'minSize' : 'maxSize';
  const unitField = which === 'min' ? 'minSizeUnit' : 'maxSizeUnit';
  const problem = props.problem(valueField);
  const id = useId();
  return (
    <label className="field sync-field-narrow">
      <span className="field-label">{label}</span>
      <span className="sync-input-row">
        <input
          className="input"
          inputMode="decimal"
          value={props.form[valueField]}
          placeholder={t('sync.form.noLimit')}
          onChange={(e) => props.set(valueField, e.target.value)}
          onBlur={() => props.touch(valueField)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? id : undefined}
        />
        <select className="input" value={props.form[unitField]} onChange={(e) => props.set(unitField, e.target.value as SizeUnit)} aria-label={t('sync.form.unit')}>
          {SIZE_UNITS.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
      </span>
      <ProblemText problem={problem} id={id} />
    </label>
  );
}

function PatternsField({ label, hint, field, props }: { label: string; hint: string; field: 'include' | 'exclude'; props: SectionProps }) {
  const problem = props.problem(field);
  const id = useId();
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <textarea
        className="input sync-textarea mono"
        rows={4}
        value={props.form[field]}
        spellCheck={false}
        onChange={(e) => props.set(field, e.target.value)}
        onBlur={() => props.touch(field)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? id : undefined}
        data-testid={`sync-field-${field}`}
      />
      <span className="field-hint">{hint}</span>
      <ProblemText problem={problem} id={id} />
    </label>
  );
}

export function FilterFields(props: SectionProps) {
  const { t } = useTranslation();
  return (
    <Section title={t('sync.form.filters')} hint={t('sync.form.filtersHint')}>
      <div className="sync-form-row">
        <SizeField label={t('sync.form.minSize')} which="min" props={props} />
        <SizeField label={t('sync.form.maxSize')} which="max" props={props} />
      </div>
      <div className="sync-form-row">
        <PatternsField label={t('sync.form.include')} hint={t('sync.form.includeHint')} field="include" props={props} />
        <PatternsField label={t('sync.form.exclude')} hint={t('sync.form.excludeHint')} field="exclude" props={props} />
      </div>
      <p className="field-hint sync-ignore-hint">{t('sync.form.ignoreFileHint')}</p>
    </Section>
  );
}
