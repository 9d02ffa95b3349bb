/**
 * What a view shows when what it has open was deleted elsewhere: a root (the
 * package, or a bucket above it) or the whole connection. It names the thing
 * by the name the user knows, and offers the way up to what still exists.
 */
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import { connectionLocation, useBrowserStore } from '../../stores/browser-store';
import { connectionDisplayName, useConnection } from '../connections/display-name';
import { leaveDeletedRoot } from './leave-deleted';
import { levelText, useCapabilities } from './root-levels';
import { useTrailNames } from './use-root-name';
import './storage.css';

/** The last root of `trail` is gone: up goes to the level it was listed in (its parent root, or the connection). */
export function RootGoneState({ connectionId, trail }: { connectionId: string; trail: readonly string[] }) {
  const { t } = useTranslation();
  const names = useTrailNames(connectionId, trail);
  const { name: connectionName } = useConnection(connectionId);
  const levels = useCapabilities(connectionId)?.rootLevels;
  const level = trail.length - 1;
  const noun = levelText(t, levels?.[level]?.key ?? 'other', 'noun');
  const name = names[level] ?? '';
  const parentName = level > 0 ? (names[level - 1] ?? '') : connectionName;
  const rootId = trail[level];
  return (
    <div className="view-state view-state-error" role="alert" data-testid="root-gone">
      <Icon name="warning" size={28} />
      <p className="view-state-title">{name ? t('storage.gone.title', { noun, name }) : t('storage.gone.titleUnnamed', { noun })}</p>
      <p className="view-state-text">{t('storage.gone.text')}</p>
      <button type="button" className="button button-primary" onClick={() => rootId !== undefined && leaveDeletedRoot(connectionId, rootId)} data-testid="root-gone-up">
        <Icon name="arrowUp" size={14} />
        {t('storage.gone.up', { name: parentName })}
      </button>
    </div>
  );
}

/** The connection of the location was removed: up goes to the one that is always there (this computer). */
export function ConnectionGoneState() {
  const { t } = useTranslation();
  const connections = useApiQuery('connections.list', {});
  const navigate = useBrowserStore((s) => s.navigate);
  const fallback = connections.data?.find((c) => c.embedded) ?? connections.data?.[0];
  return (
    <div className="view-state view-state-error" role="alert" data-testid="connection-gone">
      <Icon name="warning" size={28} />
      <p className="view-state-title">{t('storage.gone.connectionTitle')}</p>
      <p className="view-state-text">{t('storage.gone.connectionText')}</p>
      {fallback && (
        <button type="button" className="button button-primary" onClick={() => navigate(connectionLocation(fallback.id))} data-testid="connection-gone-up">
          <Icon name="arrowUp" size={14} />
          {t('storage.gone.connectionUp', { name: connectionDisplayName(fallback, t) })}
        </button>
      )}
    </div>
  );
}

/** Whether the connection list, once loaded, no longer has `connectionId`. */
export function useConnectionGone(connectionId: string): boolean {
  const connections = useApiQuery('connections.list', {});
  return !!connections.data && !connections.data.some((c) => c.id === connectionId);
}
