/**
 * What sync replaced or deleted on either side, kept in that side's
 * `.jcs-trash` for the task's trash days. Select entries and restore them to
 * where they were; entries that cannot be restored are listed with why.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '@shared/contract/define';
import type { SyncTask, SyncTrashEntry } from '@shared/contract/sync';
import { Dialog } from '../../components/Dialog';
import { ErrorText, useErrorMessage } from '../../components/ErrorText';
import { useApiMutation, useApiQuery } from '../../lib/api';
import { formatBytes, formatCount } from '../../lib/format';

const keyOf = (e: Pick<SyncTrashEntry, 'side' | 'trashPath'>) => `${e.side}:${e.trashPath}`;

export function TrashDialog({ task, onClose }: { task: SyncTask; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const trash = useApiQuery('sync.trash', { id: task.id }, { staleTime: 0 });
  const restore = useApiMutation('sync.restore');
  const describe = useErrorMessage();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const entries = trash.data ?? [];
  const chosen = entries.filter((e) => selected.has(keyOf(e)));
  const allChosen = entries.length > 0 && chosen.length === entries.length;
  const time = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  const locale = i18n.language;

  const toggle = (key: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  const doRestore = () => {
    restore
      .mutateAsync({ id: task.id, entries: chosen.map((e) => ({ side: e.side, trashPath: e.trashPath })) })
      .then(() => {
        setSelected(new Set());
        return client.invalidateQueries({ queryKey: ['sync.trash', { id: task.id }] });
      })
      .catch(() => undefined); // shown below from restore.error
  };

  return (
    <Dialog
      open
      wide
      title={t('sync.trash.title', { name: task.name })}
      onClose={onClose}
      testId="sync-trash-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.close')}
          </button>
          <button type="button" className="button button-primary" disabled={chosen.length === 0 || restore.isPending} onClick={doRestore} data-testid="sync-trash-restore">
            {t('sync.trash.restore', { count: chosen.length })}
          </button>
        </>
      }
    >
      <p className="field-hint">{t('sync.trash.explain', { days: task.options.trashDays })}</p>
      {trash.isPending && <p role="status">{t('common.loading')}</p>}
      <ErrorText error={trash.error} />
      {trash.isSuccess && entries.length === 0 && (
        <p className="sync-empty-line" data-testid="sync-trash-empty">
          {t('sync.trash.empty')}
        </p>
      )}
      {entries.length > 0 && (
        <div className="sync-simple-table-scroll">
          <table className="sync-simple-table" data-testid="sync-trash-table">
            <thead>
              <tr>
                <th>
                  <input type="checkbox" checked={allChosen} onChange={() => setSelected(allChosen ? new Set() : new Set(entries.map(keyOf)))} aria-label={t('sync.trash.selectAll')} />
                </th>
                <th>{t('sync.trash.side')}</th>
                <th>{t('sync.trash.path')}</th>
                <th>{t('sync.trash.deletedAt')}</th>
                <th className="sync-num">{t('common.size')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={keyOf(e)} data-testid="sync-trash-row" data-path={e.path} data-side={e.side}>
                  <td>
                    <input type="checkbox" checked={selected.has(keyOf(e))} onChange={() => toggle(keyOf(e))} aria-label={t('sync.trash.select', { path: e.path })} />
                  </td>
                  <td>{t(`sync.side.${e.side}`)}</td>
                  <td className="mono sync-cell-path" title={e.trashPath}>
                    {e.path}
                  </td>
                  <td>{time.format(e.deletedAt)}</td>
                  <td className="sync-num">{formatBytes(e.size, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {restore.data && (
        <div className="sync-restore-result" role="status" data-testid="sync-restore-result">
          <p>{t('sync.trash.restored', { count: restore.data.restored, formatted: formatCount(restore.data.restored, locale) })}</p>
          {restore.data.failed.length > 0 && (
            <>
              <p className="field-problem">{t('sync.trash.failed', { count: restore.data.failed.length })}</p>
              <ul className="sync-failures">
                {restore.data.failed.map((f) => (
                  <li key={f.trashPath}>
                    <span className="mono">{f.trashPath}</span>: {describe(AppError.fromShape(f))}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <ErrorText error={restore.error} />
    </Dialog>
  );
}
