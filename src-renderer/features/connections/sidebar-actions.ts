/**
 * What tree items ask of the sidebar: open a context menu, open one of the
 * sidebar's dialogs, or test a connection. The sidebar owns the one menu and
 * the one dialog that can be open at a time; items only describe them.
 */
import { createContext, useContext } from 'react';
import type { Bucket, ConnectionView, Package } from '@shared/contract/domain';
import type { MenuItem } from '../../components/ContextMenu';

export type MenuEntries = ReadonlyArray<MenuItem | 'separator'>;

export type SidebarDialog =
  | { kind: 'add-connection' }
  | { kind: 'edit-connection'; connection: ConnectionView }
  | { kind: 'remove-connection'; connection: ConnectionView }
  | { kind: 'new-bucket'; connectionId: string; connectionName: string }
  | { kind: 'delete-bucket'; connectionId: string; bucket: Bucket }
  | { kind: 'new-package'; connectionId: string; bucket: Bucket }
  | { kind: 'delete-package'; connectionId: string; pkg: Package };

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
