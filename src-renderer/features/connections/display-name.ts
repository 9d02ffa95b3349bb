/**
 * How a connection is named in the UI. The embedded node's stored name is an
 * English constant, so it is shown translated ("This computer" / "本机");
 * the user's own connections keep the names they gave them.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ConnectionView } from '@shared/contract/domain';
import { useApiQuery } from '../../lib/api';

export function connectionDisplayName(connection: Pick<ConnectionView, 'embedded' | 'name'>, t: TFunction): string {
  return connection.embedded ? t('connections.thisComputer') : connection.name;
}

/** The connection's view and display name (undefined while the list loads or if it is gone). */
export function useConnection(connectionId: string): { connection: ConnectionView | undefined; name: string } {
  const { t } = useTranslation();
  const connections = useApiQuery('connections.list', {});
  const connection = connections.data?.find((c) => c.id === connectionId);
  return { connection, name: connection ? connectionDisplayName(connection, t) : '' };
}
