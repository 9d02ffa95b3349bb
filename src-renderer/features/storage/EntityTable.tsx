/**
 * A compact, keyboard-driven table of named entities (buckets, packages), the
 * way a file manager lists folders: click selects, double-click or Enter
 * opens, Delete deletes (the caller confirms), arrows/Home/End/PageUp/PageDown
 * and type-ahead move the selection, and the context menu opens on
 * right-click, the ContextMenu key or Shift+F10. One row is selected at a time.
 */
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ContextMenu, type MenuItem } from '../../components/ContextMenu';
import { Icon, type IconName } from '../../components/Icon';

export interface Column<T> {
  id: string;
  label: string;
  render: (row: T) => ReactNode;
  className?: string;
}

type MenuEntries = ReadonlyArray<MenuItem | 'separator'>;

interface EntityTableProps<T> {
  label: string;
  icon: IconName;
  rows: readonly T[];
  columns: ReadonlyArray<Column<T>>;
  rowKey: (row: T) => string;
  rowName: (row: T) => string;
  selectedKey: string | null;
  onSelect: (key: string | null) => void;
  onOpen: (row: T) => void;
  onDelete: (row: T) => void;
  rowMenu: (row: T) => MenuEntries;
  /** The menu for a right-click below the rows (e.g. "New bucket"). */
  backgroundMenu: () => MenuEntries;
  testId: string;
}

const PAGE_ROWS = 10;
const TYPE_AHEAD_MS = 700;

export function EntityTable<T>(props: EntityTableProps<T>) {
  const { label, icon, rows, columns, rowKey, rowName, selectedKey, onSelect, onOpen, onDelete, rowMenu, backgroundMenu, testId } = props;
  const idPrefix = useId();
  const tableRef = useRef<HTMLTableElement>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; items: MenuEntries } | null>(null);
  const typed = useRef({ text: '', at: 0 });
  const rowId = (key: string) => `${idPrefix}-${key}`;
  const selectedIndex = rows.findIndex((row) => rowKey(row) === selectedKey);
  const selectedRow = selectedIndex >= 0 ? rows[selectedIndex] : undefined;

  // Keep the selected row in view when the keyboard (or a create) moves the selection.
  useEffect(() => {
    if (selectedKey === null) return;
    document.getElementById(`${idPrefix}-${selectedKey}`)?.scrollIntoView({ block: 'nearest' });
  }, [idPrefix, selectedKey, rows.length]);

  const closeMenu = useCallback(() => {
    setMenu(null);
    tableRef.current?.focus();
  }, []);

  const openMenuAtRow = () => {
    const element = selectedKey !== null ? document.getElementById(rowId(selectedKey)) : null;
    const rect = (element ?? tableRef.current)?.getBoundingClientRect();
    if (!rect) return;
    setMenu({ x: rect.left + 24, y: rect.top + rect.height, items: selectedRow ? rowMenu(selectedRow) : backgroundMenu() });
  };

  const moveTo = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (row) onSelect(rowKey(row));
  };

  const typeAhead = (char: string) => {
    const now = Date.now();
    typed.current = { text: now - typed.current.at < TYPE_AHEAD_MS ? typed.current.text + char.toLowerCase() : char.toLowerCase(), at: now };
    const match = rows.find((row) => rowName(row).toLowerCase().startsWith(typed.current.text));
    if (match) onSelect(rowKey(match));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const current = selectedIndex;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(current < 0 ? 0 : current + 1);
        break;
      case 'ArrowUp':
        moveTo(current < 0 ? rows.length - 1 : current - 1);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rows.length - 1);
        break;
      case 'PageDown':
        moveTo(current + PAGE_ROWS);
        break;
      case 'PageUp':
        moveTo(current - PAGE_ROWS);
        break;
      case 'Enter':
        if (selectedRow) onOpen(selectedRow);
        break;
      case 'Delete':
        if (selectedRow) onDelete(selectedRow);
        break;
      case 'Escape':
        onSelect(null);
        break;
      case 'ContextMenu':
        openMenuAtRow();
        break;
      case 'F10':
        if (!event.shiftKey) return;
        openMenuAtRow();
        break;
      default:
        if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey && event.key !== ' ') {
          typeAhead(event.key);
          break;
        }
        return;
    }
    event.preventDefault();
  };

  return (
    <div
      className="entity-table-scroll"
      onContextMenu={(event) => {
        // Rows handle their own; this is a right-click on the empty space below them.
        if (event.defaultPrevented) return;
        event.preventDefault();
        onSelect(null);
        setMenu({ x: event.clientX, y: event.clientY, items: backgroundMenu() });
      }}
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onSelect(null);
      }}
    >
      <table
        ref={tableRef}
        className="entity-table"
        role="grid"
        aria-label={label}
        aria-activedescendant={selectedKey !== null && selectedRow ? rowId(selectedKey) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.id} scope="col" className={column.className}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = rowKey(row);
            const selected = key === selectedKey;
            return (
              <tr
                key={key}
                id={rowId(key)}
                className={selected ? 'entity-row selected' : 'entity-row'}
                aria-selected={selected}
                data-testid="entity-row"
                data-name={rowName(row)}
                onMouseDown={(event) => {
                  if (event.button === 0 || event.button === 2) onSelect(key);
                }}
                onDoubleClick={() => onOpen(row)}
                onContextMenu={(event) => {
                  event.preventDefault();
                  onSelect(key);
                  tableRef.current?.focus();
                  setMenu({ x: event.clientX, y: event.clientY, items: rowMenu(row) });
                }}
              >
                {columns.map((column, index) => (
                  <td key={column.id} className={column.className}>
                    {index === 0 ? (
                      <span className="entity-name">
                        <Icon name={icon} />
                        <span className="entity-name-text">{column.render(row)}</span>
                      </span>
                    ) : (
                      column.render(row)
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      {menu && <ContextMenu x={menu.x} y={menu.y} items={menu.items} onClose={closeMenu} />}
    </div>
  );
}
