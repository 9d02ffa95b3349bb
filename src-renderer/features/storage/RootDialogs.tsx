/**
 * Creating and deleting a root of some level (JCS: a bucket, or a package in
 * a bucket). Create is a name prompt checked as it is typed (the rules the
 * service applies); delete says what goes with it — the roots below it, when
 * that is cheap to know — and afterwards moves the user out of it. Used by
 * the main-pane views and the sidebar's context menus; both offer these only
 * where the level's capabilities allow.
 */
import { useTranslation } from 'react-i18next';
import type { RootNode } from '@shared/contract/locations';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PromptDialog } from '../../components/PromptDialog';
import { useToasts } from '../../components/toasts';
import { useApiMutation, useApiQuery } from '../../lib/api';
import { leaveDeletedRoot } from './leave-deleted';
import { localizedNameProblem } from './name-problem';
import { levelText } from './root-levels';

interface CreateRootDialogProps {
  open: boolean;
  connectionId: string;
  /** Where the new root goes: null at the top; the root above otherwise. */
  parent: { id: string; name: string } | null;
  /** The connection's name, which a top-level root is created on. */
  connectionName: string;
  /** The key of the level being created ('bucket', 'package'...). */
  levelKey: string;
  onClose: () => void;
  onCreated?: (root: RootNode) => void;
}

export function CreateRootDialog({ open, connectionId, parent, connectionName, levelKey, onClose, onCreated }: CreateRootDialogProps) {
  const { t } = useTranslation();
  const create = useApiMutation('roots.create');
  const show = useToasts((s) => s.show);
  return (
    <PromptDialog
      open={open}
      title={levelText(t, levelKey, 'newTitle', { parent: parent?.name ?? connectionName })}
      label={levelText(t, levelKey, 'name')}
      confirmLabel={t('common.create')}
      validate={(name) => localizedNameProblem(name, t)}
      onSubmit={async (name) => {
        const root = await create.mutateAsync({ connectionId, parentId: parent?.id ?? null, name });
        show('success', levelText(t, levelKey, 'created', { name: root.name }));
        onCreated?.(root);
      }}
      onClose={onClose}
      testId={`create-${levelKey}-dialog`}
    />
  );
}

interface DeleteRootDialogProps {
  connectionId: string;
  /** The root to delete; the dialog is open while it is set. */
  root: Pick<RootNode, 'id' | 'name' | 'parentId'> | null;
  levelKey: string;
  /** Roots can be below it (it is not of the last level): say how many go with it. */
  holdsRoots: boolean;
  onClose: () => void;
}

export function DeleteRootDialog({ connectionId, root, levelKey, holdsRoots, onClose }: DeleteRootDialogProps) {
  const { t } = useTranslation();
  const remove = useApiMutation('roots.delete');
  const show = useToasts((s) => s.show);
  // How much goes with it, when it is cheap to know (usually cached by the tree or the view).
  const below = useApiQuery('roots.list', { connectionId, parentId: root?.id ?? null }, { enabled: root !== null && holdsRoots });
  return (
    <ConfirmDialog
      open={root !== null}
      title={levelText(t, levelKey, 'deleteTitle')}
      message={
        root && (
          <>
            <p className="storage-confirm-line">{levelText(t, levelKey, 'deleteMessage', { name: root.name })}</p>
            {holdsRoots && below.data && below.data.length > 0 && <p className="storage-confirm-line">{levelText(t, levelKey, 'holds', { count: below.data.length })}</p>}
          </>
        )
      }
      confirmLabel={t('common.delete')}
      danger
      onConfirm={async () => {
        if (!root) return;
        await remove.mutateAsync({ connectionId, rootId: root.id });
        leaveDeletedRoot(connectionId, root.id);
        show('success', levelText(t, levelKey, 'deleted', { name: root.name }));
      }}
      onClose={onClose}
      testId={`delete-${levelKey}-dialog`}
    />
  );
}
