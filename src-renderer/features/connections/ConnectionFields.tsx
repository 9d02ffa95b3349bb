/**
 * The fields of one kind of connection, drawn from its form spec: each
 * labelled from the string tables (`connections.form.<kind>.<field>`), with
 * its placeholder and hint when the tables have one. Secrets are never
 * prefilled: a saved one shows as "unchanged" (empty keeps it), and a group
 * with saved values (a key pair) can be cleared as a whole, with an undo.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionView } from '@shared/contract/domain';
import type { ConnectionFormField } from '@shared/providers/connection-form-spec';
import { Icon } from '../../components/Icon';
import type { ConnectionKindUi } from './connection-kinds';
import { groupOf, initialForm, type ConnectionForm } from './connection-form';

interface ConnectionFieldsProps {
  ui: ConnectionKindUi;
  form: ConnectionForm;
  existing: ConnectionView | undefined;
  /** The problem to show under a field now, already in words. */
  shown: (field: string) => string | undefined;
  change: (patch: Partial<ConnectionForm>) => void;
  touch: (field: string) => void;
}

/** kebab-case of a field name, for its test id: `baseUrl` → `base-url`. */
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function ConnectionFields(props: ConnectionFieldsProps) {
  const { ui } = props;
  const rendered = new Set<string>();
  const parts: ReactNode[] = [];
  for (const field of ui.form.fields) {
    if (rendered.has(field.name)) continue;
    const group = groupOf(ui, field);
    for (const f of group) rendered.add(f.name);
    parts.push(field.group === undefined ? <FieldInput key={field.name} {...props} field={field} /> : <FieldGroup key={field.group} {...props} group={field.group} fields={group} />);
  }
  return <>{parts}</>;
}

function FieldGroup(props: ConnectionFieldsProps & { group: string; fields: ConnectionFormField[] }) {
  const { t, i18n } = useTranslation();
  const { ui, form, existing, change, group, fields } = props;
  const base = `connections.form.${ui.form.kind}.groups.${group}`;
  const hadValues = !!existing && fields.some((f) => (f.input === 'secret' ? existing.secretsSet.includes(f.name) : (existing.config[f.name] ?? '') !== ''));
  const cleared = form.cleared.includes(group);
  const label = (f: ConnectionFormField) => t(`connections.form.${ui.form.kind}.${f.name}`);
  const restore = () => {
    const initial = initialForm(ui, existing);
    const values = { ...form.values };
    for (const f of fields) values[f.name] = initial.values[f.name] ?? '';
    change({ values, cleared: form.cleared.filter((g) => g !== group) });
  };
  const clear = () => {
    const values = { ...form.values };
    for (const f of fields) values[f.name] = '';
    change({ values, cleared: [...form.cleared, group] });
  };
  return (
    <fieldset className="connection-keys">
      <legend>
        {fields.map(label).join(' / ')} {fields.every((f) => !f.required) && <span className="field-optional">({t('connections.form.optional')})</span>}
      </legend>
      {i18n.exists(`${base}.hint`) && <p className="field-hint">{t(`${base}.hint`)}</p>}
      <div className="connection-keys-row">
        {fields.map((f) => (
          <FieldInput key={f.name} {...props} field={f} />
        ))}
      </div>
      {hadValues &&
        (cleared ? (
          <p className="field-hint connection-keys-cleared" data-testid={`connection-${group}-cleared`}>
            {t(`${base}.cleared`)}{' '}
            <button type="button" className="link-button" onClick={restore}>
              {t('connections.form.undoClear')}
            </button>
          </p>
        ) : (
          <button type="button" className="button connection-clear-keys" onClick={clear} data-testid={`connection-clear-${group}`}>
            <Icon name="close" size={14} />
            {t(`${base}.clear`)}
          </button>
        ))}
    </fieldset>
  );
}

function FieldInput({ ui, form, existing, shown, change, touch, field }: ConnectionFieldsProps & { field: ConnectionFormField }) {
  const { t, i18n } = useTranslation();
  const kind = ui.form.kind;
  const problem = shown(field.name);
  const secret = field.input === 'secret';
  const savedSecret = secret && !!existing?.secretsSet.includes(field.name) && !(field.group !== undefined && form.cleared.includes(field.group));
  const placeholderKey = `connections.form.${kind}.placeholders.${field.name}`;
  let placeholder = i18n.exists(placeholderKey) ? t(placeholderKey) : '';
  let hint: string | undefined;
  if (savedSecret) {
    placeholder = t('connections.form.secretUnchanged');
    const keepKey = `connections.form.${kind}.keep.${field.name}`;
    if (!existing?.secretsReadable) hint = t('connections.form.secretUnreadableHint');
    else hint = i18n.exists(keepKey) ? t(keepKey) : t('connections.form.secretKeepHint');
  }
  return (
    <Field label={t(`connections.form.${kind}.${field.name}`)} problem={problem} hint={hint}>
      <input
        className="input mono"
        type={secret ? 'password' : 'text'}
        value={form.values[field.name] ?? ''}
        maxLength={field.input === 'url' ? 2048 : 512}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete={secret ? 'new-password' : 'off'}
        inputMode={field.input === 'url' ? 'url' : undefined}
        onChange={(e) => change({ values: { ...form.values, [field.name]: e.target.value } })}
        onBlur={() => touch(field.name)}
        aria-invalid={!!problem}
        data-testid={`connection-${kebab(field.name)}`}
      />
    </Field>
  );
}

export function Field({ label, problem, hint, children }: { label: string; problem?: string; hint?: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {problem ? <span className="field-problem">{problem}</span> : hint && <span className="field-hint">{hint}</span>}
    </label>
  );
}
