/**
 * The sidebar: a tree of connections and their roots (JCS: buckets →
 * packages), loaded level by level as it is expanded, with the current
 * location highlighted. It owns the tree's context menu and dialogs; items
 * ask for them through SidebarActionsContext.
 */
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionView } from '@shared/contract/domain';
import { ContextMenu } from '../../components/ContextMenu';
import { Icon } from '../../components/Icon';
import { useToasts } from '../../components/toasts';
import { useApiMutation, useApiQuery } from '../../lib/api';
import { levelText } from '../storage/root-levels';
import { ConnectionNode } from './ConnectionNode';
import { connectionDisplayName } from './display-name';
import { SidebarActionsContext, type MenuEntries, type SidebarActions, type SidebarDialog } from './sidebar-actions';
import { SidebarDialogs } from './SidebarDialogs';
import { useKeepTreeFocusable, useRefreshLocalWhenNodeRuns, useRevealLocation } from './tree-hooks';
import { TreeError, TreeLoading } from './TreeGroupState';
import './connections.css';

interface OpenMenu {
  x: number;
  y: number;
  items: MenuEntries;
}

export function Sidebar() {
  const { t } = useTranslation();
  const connections = useApiQuery('connections.list', {});
  const info = useApiQuery('app.info', {});
  const [menu, setMenu] = useState<OpenMenu | null>(null);
  const [dialog, setDialog] = useState<SidebarDialog | null>(null);
  const treeRef = useRef<HTMLUListElement>(null);
  const menuOrigin = useRef<HTMLElement | null>(null);
  const test = useApiMutation('connections.test');
  const show = useToasts((s) => s.show);
  useRevealLocation(treeRef);
  useKeepTreeFocusable(treeRef);
  useRefreshLocalWhenNodeRuns();

  const testConnection = (connection: ConnectionView) => {
    // Said again in the language of the moment, so the notice follows a switch (the name too: "This computer" is translated).
    test.mutate(
      { id: connection.id },
      {
        onSuccess: (result) => show('success', (words) => words.t('connections.testOk', { name: connectionDisplayName(connection, words.t), roots: levelText(words.t, connection.capabilities.rootLevels[0]?.key ?? 'other', 'count', { count: result.roots }), ms: result.latencyMs })),
        onError: (error) => show('error', (words) => words.t('connections.testFailed', { name: connectionDisplayName(connection, words.t), error: words.describe(error) })),
      },
    );
  };
  const actions: SidebarActions = {
    openMenu: (x, y, items, origin) => {
      menuOrigin.current = origin;
      setMenu({ x, y, items });
    },
    openDialog: setDialog,
    testConnection,
  };
  const closeMenu = useCallback(() => {
    // Back to the item the menu was for, before a dialog it opened remembers where focus was.
    menuOrigin.current?.focus();
    setMenu(null);
  }, []);

  return (
    <nav className="sidebar" aria-label={t('connections.title')} data-testid="sidebar">
      <div className="sidebar-header">
        <span className="sidebar-title">{t('connections.title')}</span>
      </div>
      <SidebarActionsContext.Provider value={actions}>
        <ul ref={treeRef} role="tree" className="conn-tree" aria-label={t('connections.treeLabel')} data-testid="connection-tree">
          {connections.isPending && <TreeLoading level={1} />}
          {connections.isError && !connections.data && <TreeError level={1} error={connections.error} onRetry={() => void connections.refetch()} />}
          {connections.data?.map((connection) => (
            <ConnectionNode key={connection.id} connection={connection} node={connection.embedded ? info.data?.embeddedNode : undefined} />
          ))}
        </ul>
      </SidebarActionsContext.Provider>
      <div className="sidebar-footer">
        <button type="button" className="sidebar-add" onClick={() => setDialog({ kind: 'add-connection' })} data-testid="add-connection">
          <Icon name="plus" size={14} />
          {t('connections.add')}
        </button>
      </div>
      {menu && <ContextMenu x={menu.x} y={menu.y} items={menu.items} onClose={closeMenu} />}
      <SidebarDialogs dialog={dialog} onClose={() => setDialog(null)} onSwitch={setDialog} />
    </nav>
  );
}
