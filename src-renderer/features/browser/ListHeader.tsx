/**
 * Column headers; a click sorts by the column, a second click reverses it.
 * Folders stay first either way. Where the service sorts (listQuery), only
 * the fields it sorts by can be chosen, and the order comes from it.
 */
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useBrowserStore, type SortKey } from '../../stores/browser-store';
import { useCapabilities } from '../storage/root-levels';
import { useBrowser } from './browser-context';

const COLUMNS: ReadonlyArray<{ key: SortKey; label: string; className: string }> = [
  { key: 'name', label: 'common.name', className: 'browser-cell-name' },
  { key: 'size', label: 'common.size', className: 'browser-cell-size' },
  { key: 'modified', label: 'common.modified', className: 'browser-cell-modified' },
];

/** Memoized: the list re-renders on every scroll frame, the header need not. */
export const ListHeader = memo(function ListHeader() {
  const { t } = useTranslation();
  const sort = useBrowserStore((s) => s.sort);
  const setSort = useBrowserStore((s) => s.setSort);
  const sortFields = useCapabilities(useBrowser().location.connectionId)?.listQuery?.sortFields;
  return (
    <div role="row" aria-rowindex={1} className="browser-row browser-head-row">
      {COLUMNS.map((column) => {
        const active = sort.key === column.key;
        const sortable = !sortFields || sortFields.includes(column.key);
        return (
          <div key={column.key} role="columnheader" className={column.className} aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
            <button
              type="button"
              className="browser-sort-button"
              data-testid={`sort-${column.key}`}
              tabIndex={-1}
              disabled={!sortable}
              title={sortable ? undefined : t('fileService.cannotSort')}
              onClick={() => setSort({ key: column.key, direction: active && sort.direction === 'asc' ? 'desc' : 'asc' })}
            >
              {t(column.label)}
              {active && <span className={sort.direction === 'asc' ? 'browser-sort-arrow' : 'browser-sort-arrow desc'} aria-hidden>
                  <Icon name="chevronDown" size={12} />
                </span>}
            </button>
          </div>
        );
      })}
    </div>
  );
});
