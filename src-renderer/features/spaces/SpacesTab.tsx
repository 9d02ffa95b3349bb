/**
 * The spaces of a connection as a table (name, type, where its files are,
 * revision) with New, Import, Export and per-row Edit, Import from here and
 * Delete. Deleting asks first; the service refuses a space that packages or
 * sync tasks still use, and its reason is shown in the dialog.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionView } from '@shared/contract/domain';
import type { SpaceView } from '@shared/contract/spaces';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useTransport } from '../../lib/api';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';
import { SpaceFormDialog } from './SpaceFormDialog';
import { spaceRoot } from './space-display';
import { useSpaces } from './use-spaces';

type Dialog = { kind: 'create' } | { kind: 'edit'; space: SpaceView } | { kind: 'delete'; space: SpaceView } | { kind: 'import'; space: SpaceView | null } | { kind: 'export' };

export function SpacesTab({ connection }: { connection: ConnectionView }) {
  const { t } = useTranslation();
  const transport = useTransport();
  const client = useQueryClient();
  const connectionId = connection.id;
  const spaces = useSpaces(connectionId);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const list = spaces.data ?? [];
  const typeLabel = (type: string) => t(`spaces.type.${type}`, { defaultValue: type });

  const remove = async (space: SpaceView) => {
    await transport.call('spaces.delete', { connectionId, id: space.id });
    await client.invalidateQueries({ queryKey: ['spaces.list', { connectionId }] });
  };

  return (
    <div className="spaces-tab-panel">
      <div className="spaces-toolbar">
        <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })} data-testid="space-new">
          <Icon name="plus" size={14} />
          {t('spaces.list.new')}
        </button>
        <button type="button" className="button" onClick={() => setDialog({ kind: 'import', space: null })} disabled={list.length === 0} data-testid="space-import-any">
          <Icon name="upload" size={14} />
          {t('spaces.list.import')}
        </button>
        <button type="button" className="button" onClick={() => setDialog({ kind: 'export' })} disabled={list.length === 0} data-testid="space-export-any">
          <Icon name="download" size={14} />
          {t('spaces.list.export')}
        </button>
        <span className="spaces-toolbar-spacer" />
        <button type="button" className="icon-button" onClick={() => void spaces.refetch()} title={t('common.refresh')} aria-label={t('common.refresh')}>
          <Icon name="refresh" />
        </button>
      </div>
      {spaces.isPending ? (
        <p className="spaces-state">{t('common.loading')}</p>
      ) : spaces.isError ? (
        <div className="spaces-state" data-testid="spaces-error">
          <ErrorText error={spaces.error} />
          <button type="button" className="button" onClick={() => void spaces.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      ) : list.length === 0 ? (
        <div className="spaces-state" data-testid="spaces-empty">
          <p className="spaces-state-title">{t('spaces.list.emptyTitle')}</p>
          <p>{t('spaces.list.emptyText')}</p>
        </div>
      ) : (
        <div className="spaces-table-scroll">
          <table className="spaces-table" aria-label={t('spaces.list.label')} data-testid="spaces-table">
            <thead>
              <tr>
                <th scope="col">{t('spaces.list.columns.name')}</th>
                <th scope="col" className="spaces-col-type">
                  {t('spaces.list.columns.type')}
                </th>
                <th scope="col">{t('spaces.list.columns.root')}</th>
                <th scope="col" className="spaces-col-num">
                  {t('spaces.list.columns.revision')}
                </th>
                <th scope="col" className="spaces-col-actions">
                  <span className="spaces-visually-hidden">{t('spaces.list.columns.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((space) => (
                <tr key={space.id} data-testid="space-row" data-name={space.name}>
                  <td className="spaces-cell-name">
                    <span className="spaces-name">{space.name}</span>
                    {space.workingDir !== '' && <span className="spaces-sub">{t('spaces.list.workingDir', { dir: space.workingDir })}</span>}
                  </td>
                  <td className="spaces-col-type">{typeLabel(space.type)}</td>
                  <td className="spaces-cell-root" title={spaceRoot(space)}>
                    {spaceRoot(space)}
                  </td>
                  <td className="spaces-col-num">{space.revision}</td>
                  <td className="spaces-col-actions">
                    <button type="button" className="icon-button" onClick={() => setDialog({ kind: 'import', space })} title={t('spaces.list.importFrom')} aria-label={t('spaces.list.importFrom')} data-testid="space-import">
                      <Icon name="upload" size={15} />
                    </button>
                    <button type="button" className="icon-button" onClick={() => setDialog({ kind: 'edit', space })} title={t('spaces.list.edit')} aria-label={t('spaces.list.edit')} data-testid="space-edit">
                      <Icon name="edit" size={15} />
                    </button>
                    <button type="button" className="icon-button spaces-danger" onClick={() => setDialog({ kind: 'delete', space })} title={t('spaces.list.delete')} aria-label={t('spaces.list.delete')} data-testid="space-delete">
                      <Icon name="trash" size={15} />
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog?.kind === 'create' && <SpaceFormDialog connection={connection} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <SpaceFormDialog connection={connection} space={dialog.space} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'import' && <ImportDialog connectionId={connectionId} space={dialog.space} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'export' && <ExportDialog connectionId={connectionId} onClose={() => setDialog(null)} />}
      <ConfirmDialog
        open={dialog?.kind === 'delete'}
        title={t('spaces.delete.title')}
        message={dialog?.kind === 'delete' ? t('spaces.delete.message', { name: dialog.space.name }) : ''}
        confirmLabel={t('common.delete')}
        danger
        onConfirm={() => (dialog?.kind === 'delete' ? remove(dialog.space) : undefined)}
        onClose={() => setDialog(null)}
        testId="space-delete-dialog"
      />
    </div>
  );
}
