/** The one sidebar dialog that is open, if any: connection add/edit/remove, root create/delete, a package's export to a user space. */
import { connectionLocation, useBrowserStore } from '../../stores/browser-store';
import { CreateRootDialog, DeleteRootDialog } from '../storage/RootDialogs';
import { ExportDialog } from '../spaces/ExportDialog';
import { ConnectionDialog } from './ConnectionDialog';
import { RemoveConnectionDialog } from './RemoveConnectionDialog';
import type { SidebarDialog } from './sidebar-actions';
import { treeKey, useTreeStore } from './tree-store';

interface SidebarDialogsProps {
  dialog: SidebarDialog | null;
  onClose: () => void;
  /** Replaces the open dialog (e.g. "Remove…" in the edit dialog). */
  onSwitch: (dialog: SidebarDialog) => void;
}

export function SidebarDialogs({ dialog, onClose, onSwitch }: SidebarDialogsProps) {
  const navigate = useBrowserStore((s) => s.navigate);
  const setExpanded = useTreeStore((s) => s.setExpanded);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'add-connection':
      // A new connection opens right away: that is what the user added it for.
      return <ConnectionDialog onClose={onClose} onSaved={(c) => navigate(connectionLocation(c.id))} />;
    case 'edit-connection':
      return <ConnectionDialog connection={dialog.connection} onClose={onClose} onRemove={() => onSwitch({ kind: 'remove-connection', connection: dialog.connection })} />;
    case 'remove-connection':
      return <RemoveConnectionDialog connection={dialog.connection} onClose={onClose} />;
    case 'new-root': {
      const { connectionId, parent } = dialog;
      return (
        <CreateRootDialog
          open
          connectionId={connectionId}
          parent={parent}
          connectionName={dialog.connectionName}
          levelKey={dialog.levelKey}
          onClose={onClose}
          onCreated={() => setExpanded(parent ? treeKey.root(connectionId, parent.id) : treeKey.connection(connectionId), true)}
        />
      );
    }
    case 'delete-root':
      return <DeleteRootDialog connectionId={dialog.connectionId} root={dialog.root} levelKey={dialog.levelKey} holdsRoots={dialog.holdsRoots} onClose={onClose} />;
    case 'export-to-space':
      return <ExportDialog connectionId={dialog.connectionId} fixedPackage={{ root: dialog.root.id, name: dialog.root.name }} onClose={onClose} />;
  }
}
