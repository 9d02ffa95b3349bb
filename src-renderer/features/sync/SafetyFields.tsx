/** What the task may delete and what it keeps: deletions, the deletion guard, the trash, dry run. */
import { useTranslation } from 'react-i18next';
import { CheckField, Section, TextField, type SectionProps } from './form-parts';

export function SafetyFields(props: SectionProps) {
  const { t } = useTranslation();
  const { form, set } = props;
  return (
    <Section title={t('sync.form.safety')} hint={t('sync.form.safetyHint')}>
      <div className="sync-options">
        <CheckField label={t('sync.form.propagateDeletions')} hint={t('sync.form.propagateDeletionsHint')} checked={form.propagateDeletions} onChange={(v) => set('propagateDeletions', v)} />
      </div>
      <div className="sync-form-row">
        <TextField label={t('sync.form.guardMaxFiles')} field="guardMaxFiles" type="number" props={props} className="sync-field-narrow" testId="sync-field-guard-files" />
        <TextField label={t('sync.form.guardMaxPercent')} field="guardMaxPercent" type="number" props={props} className="sync-field-narrow" testId="sync-field-guard-percent" />
        <TextField label={t('sync.form.trashDays')} field="trashDays" type="number" props={props} className="sync-field-narrow" />
      </div>
      <p className="field-hint">{t('sync.form.guardHint')}</p>
      <div className="sync-options">
        <CheckField label={t('sync.form.noEmptyDirectories')} hint={t('sync.form.noEmptyDirectoriesHint')} checked={form.noEmptyDirectories} onChange={(v) => set('noEmptyDirectories', v)} />
        <CheckField label={t('sync.form.dryRun')} hint={t('sync.form.dryRunHint')} checked={form.dryRun} onChange={(v) => set('dryRun', v)} testId="sync-field-dry-run" />
      </div>
    </Section>
  );
}
