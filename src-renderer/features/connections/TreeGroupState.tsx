/**
 * What a tree level shows instead of its children while they load, when they
 * failed to load (with the error code and a retry), or when there are none.
 * These rows are not treeitems: arrow keys skip them.
 */
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { iconIndent } from './tree-indent';

const indent = (level: number) => ({ paddingInlineStart: iconIndent(level) });

export function TreeLoading({ level }: { level: number }) {
  const { t } = useTranslation();
  return (
    <li role="none" className="tree-note" style={indent(level)} data-testid="tree-loading">
      <span className="spinner" aria-hidden />
      {t('common.loading')}
    </li>
  );
}

export function TreeEmpty({ level, text }: { level: number; text: string }) {
  return (
    <li role="none" className="tree-note tree-note-empty" style={indent(level)} data-testid="tree-empty">
      {text}
    </li>
  );
}

export function TreeError({ level, error, onRetry }: { level: number; error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const describe = useErrorMessage();
  const text = describe(error);
  return (
    <li role="none" className="tree-note tree-note-error" style={indent(level)} data-testid="tree-error">
      <span className="tree-error-text" title={text}>
        <Icon name="warning" size={14} />
        <span>{text}</span>
      </span>
      <button type="button" className="link-button" onClick={onRetry} data-testid="tree-retry">
        {t('common.retry')}
      </button>
    </li>
  );
}
