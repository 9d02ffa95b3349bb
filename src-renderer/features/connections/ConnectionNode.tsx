/** A connection in the sidebar tree; expanding it loads the top level of its roots (JCS: its buckets). */
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ConnectionView, NodeStatus } from '@shared/contract/domain';
import { useAppUi } from '../../stores/app-store';
import { connectionLocation, useBrowserStore } from '../../stores/browser-store';
import { levelText } from '../storage/root-levels';
import { ConnectionStatusBadge, ConnectionStatusDetail } from './ConnectionStatus';
import { connectionDisplayName } from './display-name';
import { RootsGroup } from './RootNodes';
import { useSidebarActions, type MenuEntries } from './sidebar-actions';
import { treeKey, useTreeStore } from './tree-store';
import { TreeItem } from './TreeItem';

export function ConnectionNode({ connection, node }: { connection: ConnectionView; node: NodeStatus | undefined }) {
  const { t } = useTranslation();
  const key = treeKey.connection(connection.id);
  const expanded = useTreeStore((s) => !!s.expanded[key]);
  const setExpanded = useTreeStore((s) => s.setExpanded);
  const selected = useBrowserStore((s) => s.location?.connectionId === connection.id && s.location.trail.length === 0);
  const navigate = useBrowserStore((s) => s.navigate);
  const actions = useSidebarActions();
  const client = useQueryClient();
  const name = connectionDisplayName(connection, t);
  const { embedded } = connection;
  const levels = connection.capabilities.rootLevels;
  const top = levels[0]!;

  // Partial keys: every root list of this connection, at every level.
  const refresh = () => void client.invalidateQueries({ queryKey: ['roots.list', { connectionId: connection.id }] });
  const menu = (): MenuEntries => {
    const newRoot = () => actions.openDialog({ kind: 'new-root', connectionId: connection.id, connectionName: name, parent: null, levelKey: top.key });
    const items: Array<MenuEntries[number]> = [
      { id: `new-${top.key}`, label: levelText(t, top.key, 'newMenu'), disabled: !top.create, title: top.create ? undefined : t('storage.cannotCreate'), onSelect: newRoot },
      'separator',
      { id: 'test-connection', label: t('connections.test'), onSelect: () => actions.testConnection(connection) },
    ];
    if (connection.capabilities.userSpaces) items.push({ id: 'user-spaces', label: t('spaces.menu.open'), onSelect: () => useAppUi.getState().openSpaces(connection.id) });
    if (!embedded) items.push({ id: 'edit-connection', label: t('connections.edit'), onSelect: () => actions.openDialog({ kind: 'edit-connection', connection }) });
    items.push({ id: 'refresh', label: t('connections.refresh'), onSelect: refresh });
    if (!embedded) items.push('separator', { id: 'remove-connection', label: t('connections.remove'), shortcut: 'Del', danger: true, onSelect: () => actions.openDialog({ kind: 'remove-connection', connection }) });
    return items;
  };

  return (
    <TreeItem
      itemKey={key}
      level={1}
      label={name}
      icon={embedded ? 'computer' : 'server'}
      expanded={expanded}
      selected={selected}
      onToggle={(open) => setExpanded(key, open)}
      onActivate={() => navigate(connectionLocation(connection.id))}
      onMenu={(x, y, origin) => actions.openMenu(x, y, menu(), origin)}
      onDelete={embedded ? undefined : () => actions.openDialog({ kind: 'remove-connection', connection })}
      badge={<ConnectionStatusBadge connection={connection} node={node} />}
      detail={<ConnectionStatusDetail connection={connection} node={node} level={1} />}
      testId="tree-connection"
    >
      <RootsGroup connectionId={connection.id} connectionName={name} levels={levels} trail={[]} />
    </TreeItem>
  );
}
