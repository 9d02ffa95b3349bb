/**
 * What tree items ask of the sidebar: open a context menu, open one of the
 * sidebar's dialogs, or test a connection. The sidebar owns the one menu and
 * the one dialog that can be open at a time; items only describe them.
 */
import { createContext, useContext } from 'react';
import type { ConnectionView } from '@shared/contract/domain';
import type { RootNode } from '@shared/contract/locations';
import type { MenuItem } from '../../components/ContextMenu';

export type MenuEntries = ReadonlyArray<MenuItem | 'separator'>;

export type SidebarDialog =
  | { kind: 'add-connection' }
  | { kind: 'edit-connection'; connection: ConnectionView }
  | { kind: 'remove-connection'; connection: ConnectionView }
  /** A root of level `levelKey` under `parent` (null: at the top of the connection). */
  | { kind: 'new-root'; connectionId: string; connectionName: string; parent: RootNode | null; levelKey: string }
  | { kind: 'delete-root'; connectionId: string; root: RootNode; levelKey: string; holdsRoots: boolean }
  /** A root that holds objects (JCS: a package), written to one of the connection's user spaces. */
  | { kind: 'export-to-space'; connectionId: string; root: RootNode };

export interface SidebarActions {
  openMenu: (x: number, y: number, items: MenuEntries, origin: HTMLElement) => void;
  openDialog: (dialog: SidebarDialog) => void;
  testConnection: (connection: ConnectionView) => void;
}

export const SidebarActionsContext = createContext<SidebarActions | null>(null);

export function useSidebarActions(): SidebarActions {
  const actions = useContext(SidebarActionsContext);
  if (!actions) throw new Error('useSidebarActions outside the Sidebar');
  return actions;
}
