/**
 * A connection's roots in the sidebar tree, one level inside the other as its
 * capabilities name them (JCS: buckets, each holding packages; a kind with
 * one level shows its roots as leaves). Expanding a root loads the level
 * below it. Create and delete are offered where the level allows them, and
 * shown disabled with the reason where it does not.
 */
import { useTranslation } from 'react-i18next';
import type { RootNode } from '@shared/contract/locations';
import { useApiQuery } from '../../lib/api';
import { trailLocation, useBrowserStore } from '../../stores/browser-store';
import { levelText, rootIcon, type RootLevel } from '../storage/root-levels';
import { sortByName } from '../storage/sort-by-name';
import { useConnection } from './display-name';
import { useSidebarActions, type MenuEntries } from './sidebar-actions';
import { treeKey, useTreeStore } from './tree-store';
import { TreeEmpty, TreeError, TreeLoading } from './TreeGroupState';
import { TreeItem } from './TreeItem';

interface Place {
  connectionId: string;
  connectionName: string;
  levels: readonly RootLevel[];
  /** The roots above this group, outermost first (empty: the connection's top level). */
  trail: readonly string[];
}

/** The roots of one level under the last root of `trail`; rendered only while that is expanded, so levels load lazily. */
export function RootsGroup(place: Place) {
  const { t, i18n } = useTranslation();
  const { connectionId, levels, trail } = place;
  const level = trail.length;
  const treeLevel = level + 2;
  const roots = useApiQuery('roots.list', { connectionId, parentId: trail[level - 1] ?? null });
  if (roots.isPending) return <TreeLoading level={treeLevel} />;
  if (roots.isError && !roots.data) return <TreeError level={treeLevel} error={roots.error} onRetry={() => void roots.refetch()} />;
  if (roots.data.length === 0) return <TreeEmpty level={treeLevel} text={levelText(t, levels[level]?.key ?? 'other', 'treeEmpty')} />;
  return sortByName(roots.data, i18n.language).map((root) => <RootItem key={root.id} {...place} root={root} />);
}

function RootItem({ root, ...place }: Place & { root: RootNode }) {
  const { t } = useTranslation();
  const { connectionId, connectionName, levels, trail } = place;
  const level = trail.length;
  const here = levels[level] ?? { key: 'other', create: false, delete: false };
  const child = levels[level + 1];
  const path = [...trail, root.id];
  const key = treeKey.root(connectionId, root.id);
  const expanded = useTreeStore((s) => !!s.expanded[key]);
  const setExpanded = useTreeStore((s) => s.setExpanded);
  const selected = useBrowserStore((s) => s.location?.connectionId === connectionId && s.location.trail[s.location.trail.length - 1] === root.id);
  const navigate = useBrowserStore((s) => s.navigate);
  const actions = useSidebarActions();
  const { connection } = useConnection(connectionId);
  // A root of the last level holds objects (JCS: a package): it can be written to a user space.
  const exportable = !child && connection?.capabilities.userSpaces === true;
  const open = () => navigate(trailLocation(connectionId, path, levels.length));
  const remove = () => actions.openDialog({ kind: 'delete-root', connectionId, root, levelKey: here.key, holdsRoots: child !== undefined });
  const menu = (): MenuEntries => [
    { id: 'open', label: t('storage.open'), shortcut: 'Enter', onSelect: open },
    ...(child
      ? [
          {
            id: `new-${child.key}`,
            label: levelText(t, child.key, 'newMenu'),
            disabled: !child.create,
            title: child.create ? undefined : t('storage.cannotCreate'),
            onSelect: () => actions.openDialog({ kind: 'new-root', connectionId, connectionName, parent: root, levelKey: child.key }),
          },
        ]
      : []),
    ...(exportable ? [{ id: 'export-to-space', label: t('spaces.menu.export'), onSelect: () => actions.openDialog({ kind: 'export-to-space', connectionId, root }) }] : []),
    'separator',
    { id: `delete-${here.key}`, label: levelText(t, here.key, 'delete'), shortcut: 'Del', danger: true, disabled: !here.delete, title: here.delete ? undefined : t('storage.cannotDelete'), onSelect: remove },
  ];
  return (
    <TreeItem
      itemKey={key}
      level={level + 2}
      label={root.name}
      icon={rootIcon(levels, level)}
      expanded={child ? expanded : undefined}
      selected={selected}
      onToggle={child ? (isOpen) => setExpanded(key, isOpen) : undefined}
      onActivate={open}
      onMenu={(x, y, origin) => actions.openMenu(x, y, menu(), origin)}
      onDelete={here.delete ? remove : undefined}
      testId={`tree-${here.key}`}
    >
      {child && <RootsGroup {...place} trail={path} />}
    </TreeItem>
  );
}
