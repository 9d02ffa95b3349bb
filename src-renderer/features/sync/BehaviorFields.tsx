/** How the task syncs: its direction, what starts a run, and how files are compared. */
import { useTranslation } from 'react-i18next';
import type { SyncDirection } from '@shared/contract/sync';
import { CheckField, ProblemText, RadioOption, Section, TextField, type SectionProps } from './form-parts';
import type { TriggerType } from './sync-form';

const DIRECTIONS: SyncDirection[] = ['twoWay', 'upload', 'download'];
const TRIGGERS: TriggerType[] = ['Watch', 'Interval', 'Manual'];

export function BehaviorFields(props: SectionProps) {
  const { t } = useTranslation();
  const { form, set } = props;
  return (
    <>
      <Section title={t('sync.form.direction')}>
        <div className="sync-options" role="radiogroup" aria-label={t('sync.form.direction')}>
          {DIRECTIONS.map((d) => (
            <RadioOption key={d} name="sync-direction" value={d} current={form.direction} label={t(`sync.direction.${d}`)} hint={t(`sync.directionHint.${d}`)} onChange={(v) => set('direction', v)} />
          ))}
        </div>
      </Section>
      <Section title={t('sync.form.trigger')}>
        <div className="sync-options" role="radiogroup" aria-label={t('sync.form.trigger')}>
          {TRIGGERS.map((tr) => (
            <RadioOption key={tr} name="sync-trigger" value={tr} current={form.triggerType} label={t(`sync.trigger.${tr}`)} hint={t(`sync.triggerHint.${tr}`)} onChange={(v) => set('triggerType', v)} />
          ))}
        </div>
        {form.triggerType === 'Interval' && (
          <TextField label={t('sync.form.intervalSeconds')} field="intervalSeconds" type="number" props={props} className="sync-field-narrow" testId="sync-field-interval" />
        )}
      </Section>
      <Section title={t('sync.form.compare')} hint={t('sync.form.compareHint')}>
        <div className="sync-options">
          <CheckField label={t('sync.form.includeSize')} checked={form.includeSize} onChange={(v) => set('includeSize', v)} />
          <CheckField label={t('sync.form.includeModTime')} checked={form.includeModTime} onChange={(v) => set('includeModTime', v)} />
          <CheckField label={t('sync.form.checkHash')} hint={t('sync.form.checkHashHint')} checked={form.checkHash} onChange={(v) => set('checkHash', v)} />
        </div>
        <ProblemText problem={props.problem('includeSize')} />
      </Section>
    </>
  );
}
