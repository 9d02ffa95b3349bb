/**
 * Where the task syncs to: a connection, a bucket and a package (chosen from
 * their lists), and a folder inside the package (typed, or browsed).
 * Choosing a connection or bucket clears what depended on it.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import { connectionDisplayName } from '../connections/display-name';
import { ProblemText, Section, TextField, type SectionProps } from './form-parts';
import type { FieldProblem } from './sync-form';

function SelectField({
  label,
  value,
  options,
  onChange,
  problem,
  disabled,
  placeholder,
  testId,
}: {
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string) => void;
  problem: FieldProblem | undefined;
  disabled?: boolean;
  placeholder: string;
  testId: string;
}) {
  const id = useId();
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select className="input" value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} aria-invalid={problem ? true : undefined} aria-describedby={problem ? id : undefined} data-testid={testId}>
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ProblemText problem={problem} id={id} />
    </label>
  );
}

export function RemoteFields({ onBrowse, ...props }: SectionProps & { onBrowse: () => void }) {
  const { t } = useTranslation();
  const { form, set, touch } = props;
  const connections = useApiQuery('connections.list', {});
  const buckets = useApiQuery('buckets.list', { connectionId: form.connectionId }, { enabled: !!form.connectionId });
  const packages = useApiQuery('packages.list', { connectionId: form.connectionId, bucketId: form.bucketId ?? 0 }, { enabled: !!form.connectionId && form.bucketId !== null });
  const byName = <T,>(items: T[], name: (item: T) => string) => [...items].sort((a, b) => name(a).localeCompare(name(b)));

  return (
    <Section title={t('sync.form.remote')} hint={t('sync.form.remoteHint')}>
      <div className="sync-form-row">
        <SelectField
          label={t('sync.form.connection')}
          value={form.connectionId}
          placeholder={t('sync.form.choose')}
          options={(connections.data ?? []).map((c) => ({ value: c.id, label: connectionDisplayName(c, t) }))}
          onChange={(value) => {
            set('connectionId', value);
            set('bucketId', null);
            set('packageId', null);
            touch('connectionId');
          }}
          problem={props.problem('connectionId')}
          testId="sync-field-connection"
        />
        <SelectField
          label={t('sync.form.bucket')}
          value={form.bucketId === null ? '' : String(form.bucketId)}
          placeholder={buckets.isFetching && !buckets.data ? t('common.loading') : t('sync.form.choose')}
          options={byName(buckets.data ?? [], (b) => b.name).map((b) => ({ value: String(b.bucketID), label: b.name }))}
          onChange={(value) => {
            set('bucketId', value ? Number(value) : null);
            set('packageId', null);
            touch('bucketId');
          }}
          disabled={!form.connectionId}
          problem={props.problem('bucketId')}
          testId="sync-field-bucket"
        />
        <SelectField
          label={t('sync.form.package')}
          value={form.packageId === null ? '' : String(form.packageId)}
          placeholder={packages.isFetching && !packages.data ? t('common.loading') : t('sync.form.choose')}
          options={byName(packages.data ?? [], (p) => p.name).map((p) => ({ value: String(p.packageID), label: p.name }))}
          onChange={(value) => {
            set('packageId', value ? Number(value) : null);
            touch('packageId');
          }}
          disabled={form.bucketId === null}
          problem={props.problem('packageId')}
          testId="sync-field-package"
        />
      </div>
      <ErrorText error={buckets.error ?? packages.error} />
      <TextField
        label={t('sync.form.remoteFolder')}
        field="remotePath"
        props={props}
        placeholder={t('sync.form.remoteFolderPlaceholder')}
        hint={t('sync.form.remoteFolderHint')}
        className="sync-field-wide"
        testId="sync-field-remote-path"
        suffix={
          <button type="button" className="button" onClick={onBrowse} disabled={form.packageId === null} data-testid="sync-browse-remote">
            <Icon name="folder" size={14} />
            {t('sync.form.browse')}
          </button>
        }
      />
    </Section>
  );
}
