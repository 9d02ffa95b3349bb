/**
 * Transfer limits: files and parts at the same time, the bandwidth limit and
 * the multipart threshold. Each field is saved when it loses focus (or on
 * Enter) if it is a whole number within the contract's range; otherwise it
 * says what is allowed and keeps the saved value. "Require verified
 * downloads" is a checkbox, saved as it changes (the contract validates it
 * like the rest).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { transferSettingsSchema, type TransferSettings } from '@shared/contract/domain';

type Field = Exclude<keyof TransferSettings, 'requireVerifiedDownloads'>;
const FIELDS: Field[] = ['maxConcurrentFiles', 'maxConcurrentParts', 'bandwidthLimitKiBps', 'multipartThresholdMiB'];

export function TransferSettingsFields({ value, onSave }: { value: TransferSettings; onSave: (next: TransferSettings) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Record<Field, string>>(() => texts(value));
  const [problem, setProblem] = useState<Partial<Record<Field, string>>>({});
  // Shown as clicked at once; the saved value (settings.changed) confirms or resets it.
  const [requireVerified, setRequireVerified] = useState(value.requireVerifiedDownloads);
  useEffect(() => setDraft(texts(value)), [value]);
  useEffect(() => setRequireVerified(value.requireVerifiedDownloads), [value]);

  const commit = (field: Field) => {
    const number = Number(draft[field]);
    const parsed = transferSettingsSchema.shape[field].safeParse(draft[field].trim() === '' ? NaN : number);
    if (!parsed.success) {
      setProblem((p) => ({ ...p, [field]: t(`settings.transfers.range.${field}`) }));
      return;
    }
    setProblem((p) => ({ ...p, [field]: undefined }));
    if (parsed.data !== value[field]) onSave({ ...value, [field]: parsed.data });
  };

  return (
    <fieldset className="settings-group">
      <legend className="field-label">{t('settings.transfers.title')}</legend>
      {FIELDS.map((field) => (
        <label key={field} className="field">
          <span>{t(`settings.transfers.${field}`)}</span>
          <input
            className="input"
            inputMode="numeric"
            data-testid={`settings-${field}`}
            value={draft[field]}
            aria-invalid={problem[field] ? true : undefined}
            onChange={(e) => setDraft((d) => ({ ...d, [field]: e.target.value }))}
            onBlur={() => commit(field)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit(field);
            }}
          />
          {problem[field] && <span className="field-problem">{problem[field]}</span>}
        </label>
      ))}
      <label className="field settings-check">
        <span className="settings-check-row">
          <input
            type="checkbox"
            data-testid="settings-requireVerifiedDownloads"
            checked={requireVerified}
            onChange={(e) => {
              const next = transferSettingsSchema.shape.requireVerifiedDownloads.parse(e.target.checked);
              setRequireVerified(next);
              onSave({ ...value, requireVerifiedDownloads: next });
            }}
          />
          <span>{t('settings.transfers.requireVerifiedDownloads')}</span>
        </span>
        <span className="field-hint">{t('settings.transfers.requireVerifiedDownloadsHint')}</span>
      </label>
      <p className="field-hint">{t('settings.transfers.hint')}</p>
    </fieldset>
  );
}

function texts(value: TransferSettings): Record<Field, string> {
  return Object.fromEntries(FIELDS.map((f) => [f, String(value[f])])) as Record<Field, string>;
}
