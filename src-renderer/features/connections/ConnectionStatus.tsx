/**
 * Health shown on a connection's row. For the embedded node: its process state
 * (live through `node.status`, which refreshes `app.info`). For remote
 * connections nothing is probed in the background; the row warns only when the
 * saved secret cannot be decrypted in this mode of the app.
 */
import { useTranslation } from 'react-i18next';
import type { ConnectionView, NodeStatus } from '@shared/contract/domain';
import { Icon } from '../../components/Icon';
import { iconIndent } from './tree-indent';

export function ConnectionStatusBadge({ connection, node }: { connection: ConnectionView; node: NodeStatus | undefined }) {
  const { t } = useTranslation();
  if (connection.embedded) {
    if (!node) return null;
    const text = node.state === 'failed' ? t('node.failed', { message: node.message ?? '' }) : t(`node.${node.state}`);
    return (
      <span className={`conn-status conn-status-${node.state}`} title={text} role="img" aria-label={text} data-testid="connection-status" data-state={node.state}>
        {node.state === 'failed' && <Icon name="warning" size={14} />}
      </span>
    );
  }
  if (!connection.secretsReadable) {
    return (
      <span className="conn-status conn-status-warning" title={t('connections.secretsUnreadable')} role="img" aria-label={t('connections.secretsUnreadable')} data-testid="connection-status" data-state="secrets-unreadable">
        <Icon name="warning" size={14} />
      </span>
    );
  }
  return null;
}

/** The failure message of the embedded node, under its row, so it is readable without hovering. */
export function ConnectionStatusDetail({ connection, node, level }: { connection: ConnectionView; node: NodeStatus | undefined; level: number }) {
  const { t } = useTranslation();
  if (!connection.embedded || !node || (node.state !== 'failed' && node.state !== 'starting')) return null;
  return (
    <div className={`tree-detail tree-detail-${node.state}`} style={{ paddingInlineStart: iconIndent(level) + 20 }} data-testid="connection-status-message">
      {node.state === 'failed' ? node.message : t('node.starting')}
    </div>
  );
}
