/**
 * One item of the sidebar tree, following the WAI-ARIA tree pattern: a
 * `treeitem` holding its row and, when expanded, a `group` of child items.
 * Focus is roving (only the store's focused item has tabIndex 0). Keyboard
 * movement works on the DOM: the rendered treeitems in document order are
 * exactly the visible rows, so Up/Down/Home/End need no knowledge of the data,
 * and lazily loaded levels join the order as they appear.
 */
import { useId, type KeyboardEvent, type ReactNode } from 'react';
import { Icon, type IconName } from '../../components/Icon';
import { rowIndent } from './tree-indent';
import { useTreeStore } from './tree-store';

export interface TreeItemProps {
  itemKey: string;
  level: number;
  label: string;
  icon: IconName;
  /** undefined for leaves. */
  expanded?: boolean;
  /** The item is the current location. */
  selected: boolean;
  onToggle?: (open: boolean) => void;
  onActivate: () => void;
  /** Opens the item's context menu at a point; `origin` gets focus back when the menu closes. */
  onMenu: (x: number, y: number, origin: HTMLElement) => void;
  onDelete?: () => void;
  /** Status shown at the end of the row. */
  badge?: ReactNode;
  /** A line under the row (e.g. a failure message). */
  detail?: ReactNode;
  testId: string;
  /** The child items, rendered only while expanded. */
  children?: ReactNode;
}

const TYPE_AHEAD_MS = 700;
let typed = { text: '', at: 0 };

export function TreeItem(props: TreeItemProps) {
  const { itemKey, level, label, icon, expanded, selected, onToggle, onActivate, onMenu, onDelete, badge, detail, testId, children } = props;
  const labelId = useId();
  const focused = useTreeStore((s) => s.focusedKey === itemKey);
  const setFocusedKey = useTreeStore((s) => s.setFocusedKey);

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>) => {
    // Keys pressed on a child item bubble through its ancestors: only the focused item acts.
    if (event.target !== event.currentTarget) return;
    const item = event.currentTarget;
    const items = visibleItems(item);
    const index = items.indexOf(item);
    switch (event.key) {
      case 'ArrowDown':
        items[index + 1]?.focus();
        break;
      case 'ArrowUp':
        items[index - 1]?.focus();
        break;
      case 'Home':
        items[0]?.focus();
        break;
      case 'End':
        items[items.length - 1]?.focus();
        break;
      case 'ArrowRight':
        if (expanded === false) onToggle?.(true);
        else if (expanded) item.querySelector<HTMLElement>('[role="treeitem"]')?.focus();
        break;
      case 'ArrowLeft':
        if (expanded) onToggle?.(false);
        else item.parentElement?.closest<HTMLElement>('[role="treeitem"]')?.focus();
        break;
      case 'Enter':
      case ' ':
        onActivate();
        break;
      case 'Delete':
        if (!onDelete) return;
        onDelete();
        break;
      case 'ContextMenu':
        openMenuUnderRow(item);
        break;
      case 'F10':
        if (!event.shiftKey) return;
        openMenuUnderRow(item);
        break;
      default:
        if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
        typeAhead(items, index, event.key);
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const openMenuUnderRow = (item: HTMLElement) => {
    const rect = (item.querySelector('.tree-row') ?? item).getBoundingClientRect();
    onMenu(rect.left + 24, rect.bottom, item);
  };

  return (
    <li
      role="treeitem"
      className="tree-item"
      aria-labelledby={labelId}
      aria-level={level}
      aria-expanded={expanded}
      aria-selected={selected}
      tabIndex={focused ? 0 : -1}
      data-key={itemKey}
      data-testid={testId}
      data-name={label}
      onKeyDown={onKeyDown}
      onFocus={(event) => {
        if (event.target === event.currentTarget) setFocusedKey(itemKey);
      }}
    >
      <div
        className={selected ? 'tree-row selected' : 'tree-row'}
        style={{ paddingInlineStart: rowIndent(level) }}
        data-testid="tree-row"
        onClick={onActivate}
        onContextMenu={(event) => {
          event.preventDefault();
          const item = event.currentTarget.parentElement;
          if (!item) return;
          item.focus();
          onMenu(event.clientX, event.clientY, item);
        }}
      >
        <span
          className={expanded === undefined ? 'tree-twisty leaf' : 'tree-twisty'}
          data-testid="tree-toggle"
          aria-hidden
          onClick={(event) => {
            if (expanded === undefined) return;
            // Toggling is not navigating: the row's click must not also open the item.
            event.stopPropagation();
            event.currentTarget.closest<HTMLElement>('[role="treeitem"]')?.focus();
            onToggle?.(!expanded);
          }}
        >
          {expanded !== undefined && <Icon name={expanded ? 'chevronDown' : 'chevronRight'} size={14} />}
        </span>
        <Icon name={icon} />
        <span id={labelId} className="tree-label" title={label}>
          {label}
        </span>
        {badge}
      </div>
      {detail}
      {expanded && (
        <ul role="group" className="tree-group">
          {children}
        </ul>
      )}
    </li>
  );
}

function visibleItems(item: HTMLElement): HTMLElement[] {
  const tree = item.closest('[role="tree"]');
  return tree ? Array.from(tree.querySelectorAll<HTMLElement>('[role="treeitem"]')) : [item];
}

/** Typing letters moves to the next item whose name starts with them, as in native trees. */
function typeAhead(items: HTMLElement[], index: number, char: string): void {
  const now = Date.now();
  typed = { text: now - typed.at < TYPE_AHEAD_MS ? typed.text + char.toLowerCase() : char.toLowerCase(), at: now };
  const start = typed.text.length > 1 ? index : index + 1;
  for (let step = 0; step < items.length; step++) {
    const candidate = items[(start + step) % items.length];
    if (candidate?.dataset.name?.toLowerCase().startsWith(typed.text)) {
      candidate.focus();
      return;
    }
  }
}
