import { useTranslation } from 'react-i18next';
import { useApiQuery, useEvent } from '../lib/api';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { TransfersButton } from '../features/transfers';

/** The bottom line: the embedded node's state, the transfers switch, and where the UI runs. */
export function StatusBar() {
  const { t } = useTranslation();
  const info = useApiQuery('app.info', {});
  const client = useQueryClient();
  useEvent(
    'node.status',
    useCallback(() => void client.invalidateQueries({ queryKey: ['app.info'] }), [client]),
  );
  const node = info.data?.embeddedNode;
  return (
    <footer className="status-bar" data-testid="status-bar">
      {node && (
        <span className={`status-dot status-${node.state}`} data-testid="node-status" data-state={node.state}>
          {node.state === 'failed' ? t('node.failed', { message: node.message ?? '' }) : t(`node.${node.state}`)}
        </span>
      )}
      <TransfersButton />
      <span className="status-spacer" />
      {info.data && (
        <span className="status-muted">
          {info.data.mode === 'headless' ? 'headless' : 'desktop'} · v{info.data.version}
        </span>
      )}
    </footer>
  );
}
