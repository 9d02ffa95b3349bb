/**
 * One row of the list. Memoized and given only plain values plus stable
 * handlers, so scrolling renders just the rows that come into view.
 */
import { memo, type MouseEvent } from 'react';
import { Icon } from '../../components/Icon';
import type { Entry } from './listing';

export interface RowHandlers {
  onClick: (entry: Entry, event: MouseEvent) => void;
  onDoubleClick: (entry: Entry) => void;
  onContextMenu: (entry: Entry, event: MouseEvent) => void;
}

export interface ObjectRowProps {
  entry: Entry;
  index: number;
  start: number;
  selected: boolean;
  focused: boolean;
  size: string;
  modified: string;
  pendingLabel: string;
  handlers: RowHandlers;
}

export function rowId(index: number): string {
  return `browser-row-${index}`;
}

export const ObjectRow = memo(function ObjectRow({ entry, index, start, selected, focused, size, modified, pendingLabel, handlers }: ObjectRowProps) {
  const className = ['browser-row', selected ? 'selected' : '', focused ? 'focused' : '', entry.kind === 'folder' && entry.pending ? 'pending' : ''].join(' ');
  return (
    <div
      id={rowId(index)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={className}
      style={{ transform: `translateY(${start}px)` }}
      data-testid="browser-row"
      data-entry-key={entry.key}
      data-name={entry.name}
      data-kind={entry.kind}
      onClick={(event) => handlers.onClick(entry, event)}
      onDoubleClick={() => handlers.onDoubleClick(entry)}
      onContextMenu={(event) => handlers.onContextMenu(entry, event)}
    >
      <div role="gridcell" className="browser-cell-name">
        <Icon name={entry.kind === 'folder' ? 'folder' : 'file'} />
        <span className="browser-name-text">{entry.name}</span>
        {entry.kind === 'folder' && entry.pending && <span className="browser-pending-badge">{pendingLabel}</span>}
      </div>
      <div role="gridcell" className="browser-cell-size">
        {size}
      </div>
      <div role="gridcell" className="browser-cell-modified">
        {modified}
      </div>
    </div>
  );
});
