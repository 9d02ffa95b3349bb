/**
 * A secret of the publish settings: a password box that starts empty
 * whatever is saved (the value never comes to this page), saying "set" or
 * "not set", with Remove / Keep for a saved one. What is typed is sent once,
 * on Save, in `publish.settings.update.secrets`.
 */
import { useTranslation } from 'react-i18next';
import type { SecretState } from './publish-settings-form';

export interface SecretFieldProps {
  label: string;
  name: string;
  state: SecretState;
  value: string;
  onType: (value: string) => void;
  /** Marks a saved secret for removal (true) or keeps it (false). */
  onClear: (clear: boolean) => void;
}

export function SecretField({ label, name, state, value, onType, onClear }: SecretFieldProps) {
  const { t } = useTranslation();
  const saved = state === 'set' || state === 'cleared';
  return (
    <label className="field">
      <span className="field-label publish-secret-label">
        {label}
        <span className={`publish-secret-state publish-secret-${state}`} data-testid={`secret-state-${name}`} data-state={state}>
          {state === 'typed' ? '' : t(`publishSettings.secret.${state}`)}
        </span>
      </span>
      <span className="publish-field-row">
        <input
          className="input publish-input-grow"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          value={value}
          placeholder={state === 'set' ? t('publishSettings.secret.placeholderSet') : t('publishSettings.secret.placeholderUnset')}
          onChange={(e) => onType(e.target.value)}
          data-testid={`secret-${name}`}
        />
        {saved && value === '' && (
          <button type="button" className="button" onClick={() => onClear(state === 'set')} data-testid={`secret-clear-${name}`}>
            {state === 'set' ? t('publishSettings.secret.clear') : t('publishSettings.secret.keep')}
          </button>
        )}
      </span>
    </label>
  );
}
