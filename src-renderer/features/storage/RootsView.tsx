/**
 * The main pane for a level of a connection's roots: the top level (JCS: its
 * buckets) or the roots inside an opened one (a bucket's packages), to open,
 * create and delete. What a level is called comes from its key, and create
 * and delete are offered only where the level's capabilities allow (shown
 * disabled, with the reason, where they do not).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RootNode } from '@shared/contract/locations';
import type { MenuItem } from '../../components/ContextMenu';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { connectionLocation, trailLocation, useBrowserStore } from '../../stores/browser-store';
import { useConnection } from '../connections/display-name';
import { EntityTable, type Column } from './EntityTable';
import { RootGoneState } from './GoneStates';
import { CreateRootDialog, DeleteRootDialog } from './RootDialogs';
import { useRootGone } from './root-gone';
import { levelText, rootIcon, type RootLevel } from './root-levels';
import { sortByName } from './sort-by-name';
import { useTrailNames } from './use-root-name';
import { ViewHeader, type Crumb } from './ViewHeader';
import { EmptyState, ErrorState, LoadingState } from './ViewStates';
import './storage.css';

export function RootsView({ connectionId, trail }: { connectionId: string; trail: readonly string[] }) {
  const { connection } = useConnection(connectionId);
  const levels = connection?.capabilities.rootLevels;
  // A fresh view (selection, open dialogs) per place.
  if (!levels) return <LoadingState />;
  return <RootsList key={`${connectionId}:${trail.join('/')}`} connectionId={connectionId} trail={trail} levels={levels} />;
}

const rootKey = (root: RootNode) => root.id;

function RootsList({ connectionId, trail, levels }: { connectionId: string; trail: readonly string[]; levels: readonly RootLevel[] }) {
  const { t, i18n } = useTranslation();
  const { name: connectionName } = useConnection(connectionId);
  const level = trail.length;
  const here = levels[level] ?? { key: 'other', create: false, delete: false };
  const child = levels[level + 1];
  const parentId = trail[level - 1] ?? null;
  const names = useTrailNames(connectionId, trail);
  const parentName = names[level - 1] ?? '';
  const roots = useApiQuery('roots.list', { connectionId, parentId });
  const parentGone = useRootGone(connectionId, parentId, roots.error);
  const navigate = useBrowserStore((s) => s.navigate);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [newChildIn, setNewChildIn] = useState<RootNode | null>(null);
  const [deleting, setDeleting] = useState<RootNode | null>(null);
  const rows = useMemo(() => sortByName(roots.data ?? [], i18n.language), [roots.data, i18n.language]);

  const open = (root: RootNode) => navigate(trailLocation(connectionId, [...trail, root.id], levels.length));
  const columns: Array<Column<RootNode>> = [{ id: 'name', label: t('common.name'), render: (r) => r.name }];
  if (level > 0) columns.push({ id: 'parent', label: levelText(t, levels[level - 1]!.key, 'one'), render: () => parentName, className: 'col-muted' });
  columns.push({ id: 'created', label: t('common.created'), render: (r) => (r.createdAt ? formatDateTime(r.createdAt, i18n.language) : '—'), className: 'col-time' });

  const createButton = (testId: string) => (
    <button type="button" className="button button-primary" onClick={() => setCreating(true)} disabled={!here.create || parentGone} title={here.create ? undefined : t('storage.cannotCreate')} data-testid={testId}>
      <Icon name="plus" size={14} />
      {levelText(t, here.key, 'new')}
    </button>
  );
  const createItem: MenuItem = { id: `new-${here.key}`, label: levelText(t, here.key, 'newMenu'), disabled: !here.create, title: here.create ? undefined : t('storage.cannotCreate'), onSelect: () => setCreating(true) };
  const remove = (root: RootNode) => {
    if (here.delete) setDeleting(root);
  };
  const rowMenu = (r: RootNode) => [
    { id: 'open', label: t('storage.open'), shortcut: 'Enter', onSelect: () => open(r) },
    ...(child ? [{ id: `new-${child.key}`, label: levelText(t, child.key, 'newMenu'), disabled: !child.create, title: child.create ? undefined : t('storage.cannotCreate'), onSelect: () => setNewChildIn(r) }] : []),
    'separator' as const,
    { id: `delete-${here.key}`, label: levelText(t, here.key, 'delete'), shortcut: 'Del', danger: true, disabled: !here.delete, title: here.delete ? undefined : t('storage.cannotDelete'), onSelect: () => remove(r) },
  ];

  let body;
  if (parentGone) body = <RootGoneState connectionId={connectionId} trail={trail} />;
  else if (roots.isPending) body = <LoadingState />;
  else if (roots.isError && !roots.data) body = <ErrorState error={roots.error} onRetry={() => void roots.refetch()} />;
  else if (rows.length === 0) body = <EmptyState icon={rootIcon(levels, level)} title={levelText(t, here.key, 'noneTitle')} text={levelText(t, here.key, 'noneText')} action={here.create ? createButton(`empty-new-${here.key}`) : null} />;
  else
    body = (
      <EntityTable
        label={levelText(t, here.key, 'many')}
        icon={rootIcon(levels, level)}
        rows={rows}
        columns={columns}
        rowKey={rootKey}
        rowName={(r) => r.name}
        selectedKey={selected}
        onSelect={setSelected}
        onOpen={open}
        onDelete={remove}
        rowMenu={rowMenu}
        backgroundMenu={() => [createItem]}
        testId={`${here.key}s-table`}
      />
    );

  // Where this level is: the connection, then every root above the parent (the parent is the title).
  const crumbs: Crumb[] = [];
  if (level > 0) crumbs.push({ label: connectionName, onOpen: () => navigate(connectionLocation(connectionId)) });
  for (let i = 0; i < level - 1; i++) crumbs.push({ label: names[i] ?? '', onOpen: () => navigate(trailLocation(connectionId, trail.slice(0, i + 1), levels.length)) });
  crumbs.push({ label: levelText(t, here.key, 'many') });

  return (
    <section className="storage-view" data-testid={`${here.key}s-view`} aria-label={levelText(t, here.key, 'many')}>
      <ViewHeader
        icon={level === 0 ? 'server' : rootIcon(levels, level - 1)}
        title={level === 0 ? connectionName : parentName}
        crumbs={crumbs}
        summary={roots.data ? t('storage.count', { count: roots.data.length }) : undefined}
        onRefresh={() => void roots.refetch()}
        refreshing={roots.isFetching}
        actions={createButton(`new-${here.key}`)}
      />
      {roots.isError && roots.data && <ErrorText error={roots.error} />}
      {body}
      <CreateRootDialog
        open={creating}
        connectionId={connectionId}
        parent={parentId === null ? null : { id: parentId, name: parentName }}
        connectionName={connectionName}
        levelKey={here.key}
        onClose={() => setCreating(false)}
        onCreated={(r) => setSelected(rootKey(r))}
      />
      {newChildIn && child && <CreateRootDialog open connectionId={connectionId} parent={newChildIn} connectionName={connectionName} levelKey={child.key} onClose={() => setNewChildIn(null)} />}
      <DeleteRootDialog connectionId={connectionId} root={deleting} levelKey={here.key} holdsRoots={child !== undefined} onClose={() => setDeleting(null)} />
    </section>
  );
}
