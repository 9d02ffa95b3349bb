/**
 * Where the task syncs to: a connection, its root chosen level by level as the
 * connection's root tree has them (`capabilities.rootLevels`; JCS: a bucket,
 * then a package), each from `roots.list` below the one chosen above, and a
 * folder inside the root (typed, or browsed). Choosing a connection or an
 * upper level clears what depended on it. A task being edited shows the roots
 * above its own, looked up (`roots.get`). On a service without folders the
 * task syncs with the root itself.
 */
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionView } from '@shared/contract/domain';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import { connectionDisplayName } from '../connections/display-name';
import { ProblemText, Section, TextField, type SectionProps } from './form-parts';
import { rootField, type FieldProblem } from './sync-form';
import { useRootChain } from './use-root-chain';

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

/** The words the form has for a level of the root tree; another level by its number. */
export function useLevelLabel(): (key: string, level: number) => string {
  const { t } = useTranslation();
  return (key, level) => (key === 'bucket' || key === 'package' || key === 'space' ? t(`sync.form.${key}`) : t('sync.form.rootLevel', { level: level + 1 }));
}

/**
 * One level's select: the roots below `parentId` (undefined: the level above
 * is not chosen yet). `onlyOne`: a service with one space that cannot be made
 * has nothing to choose, so that one is chosen by itself.
 */
function RootLevelField({ props, connectionId, level, levelKey, parentId, value, onlyOne, onChange }: {
  props: SectionProps;
  connectionId: string;
  level: number;
  levelKey: string;
  parentId: string | null | undefined;
  value: string | null;
  onlyOne: boolean;
  onChange: (value: string | null) => void;
}) {
  const { t } = useTranslation();
  const label = useLevelLabel();
  const roots = useApiQuery('roots.list', { connectionId, parentId: parentId ?? null }, { enabled: connectionId !== '' && parentId !== undefined });
  const options = [...(roots.data ?? [])].sort((a, b) => a.name.localeCompare(b.name)).map((r) => ({ value: r.id, label: r.name }));
  const single = onlyOne && value === null && roots.data?.length === 1 ? roots.data[0]!.id : undefined;
  useEffect(() => {
    if (single !== undefined) onChange(single);
  }, [single, onChange]);
  return (
    <>
      <SelectField
        label={label(levelKey, level)}
        value={value ?? ''}
        placeholder={roots.isFetching && !roots.data ? t('common.loading') : t('sync.form.choose')}
        options={options}
        onChange={(chosen) => {
          onChange(chosen || null);
          props.touch(rootField(level));
        }}
        disabled={parentId === undefined}
        problem={props.problem(rootField(level))}
        testId={`sync-field-${levelKey}`}
      />
      <ErrorText error={roots.error} />
    </>
  );
}

export function RemoteFields({ onBrowse, connection, ...props }: SectionProps & { onBrowse: () => void; connection: ConnectionView | undefined }) {
  const { t } = useTranslation();
  const { form, set, touch } = props;
  const connections = useApiQuery('connections.list', {});
  const levels = connection?.capabilities.rootLevels ?? [];
  const last = levels.length - 1;
  const folders = connection?.capabilities.folders !== 'none';
  // Editing a task: the roots above its own are looked up until the user chooses others.
  const known = useRootChain(form.connectionId, form.rootPath.length < last ? form.root : null);
  const path = form.rootPath.length >= last || !known.data ? form.rootPath : known.data.slice(0, last).map((node) => node.id);

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
            set('rootPath', []);
            set('root', null);
            touch('connectionId');
          }}
          problem={props.problem('connectionId')}
          testId="sync-field-connection"
        />
        {levels.map((level, i) => (
          <RootLevelField
            key={`${form.connectionId}:${i}`}
            props={props}
            connectionId={form.connectionId}
            level={i}
            levelKey={level.key}
            parentId={i === 0 ? null : path[i - 1]}
            value={i === last ? form.root : (path[i] ?? null)}
            onlyOne={levels.length === 1 && !level.create}
            onChange={(value) => {
              if (i === last) {
                set('rootPath', path);
                set('root', value);
              } else {
                set('rootPath', value === null ? path.slice(0, i) : [...path.slice(0, i), value]);
                set('root', null);
              }
            }}
          />
        ))}
      </div>
      <ErrorText error={known.error} />
      <TextField
        label={t('sync.form.remoteFolder')}
        field="remotePath"
        props={props}
        placeholder={t(folders ? 'sync.form.remoteFolderPlaceholder' : 'sync.form.remoteNoFoldersPlaceholder')}
        hint={t(folders ? 'sync.form.remoteFolderHint' : 'sync.form.remoteNoFoldersHint')}
        className="sync-field-wide"
        testId="sync-field-remote-path"
        suffix={
          <button type="button" className="button" onClick={onBrowse} disabled={form.root === null || !folders} data-testid="sync-browse-remote">
            <Icon name="folder" size={14} />
            {t('sync.form.browse')}
          </button>
        }
      />
    </Section>
  );
}
