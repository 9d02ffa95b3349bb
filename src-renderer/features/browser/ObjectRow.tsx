/**
 * One row of the list. Memoized and given only plain values plus stable
 * handlers, so scrolling renders just the rows that come into view.
 */
import { memo, type DragEvent, type MouseEvent } from 'react';
import type { OrderStatus } from '@shared/contract/publish';
import { Icon } from '../../components/Icon';
import { PublishPill } from '../publish/PublishPill';
import { FolderSizeCell } from '../sizes/FolderSizeCell';
import { engineFolder, type EngineFolder } from './engine-folders';
import type { Entry } from './listing';

export interface RowHandlers {
  onClick: (entry: Entry, event: MouseEvent) => void;
  onDoubleClick: (entry: Entry) => void;
  onContextMenu: (entry: Entry, event: MouseEvent) => void;
  onDragStart: (entry: Entry, event: DragEvent) => void;
}

/** Tooltips of the engine's own folders, one object per language. */
export type EngineFolderNotes = Readonly<Record<EngineFolder, string>>;

/** The "not verified" badge of a file no trusted hash can check: its text and tooltip, one object per language. */
export interface UnverifiedBadge {
  label: string;
  note: string;
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
  engineNotes: EngineFolderNotes;
  /** The service adapter's own folders (capabilities' reservedPrefixes). */
  reserved: readonly string[];
  unverified: UnverifiedBadge;
  /** Desktop only: rows drag out of the window as files. */
  draggable: boolean;
  handlers: RowHandlers;
  /** The status of this path's newest publish, when it was published. */
  published?: OrderStatus | undefined;
}

export function rowId(index: number): string {
  return `browser-row-${index}`;
}

export const ObjectRow = memo(function ObjectRow({ entry, index, start, selected, focused, size, modified, pendingLabel, engineNotes, reserved, unverified, draggable, handlers, published }: ObjectRowProps) {
  const engine = entry.kind === 'folder' ? engineFolder(entry.prefix, reserved) : null;
  const className = ['browser-row', selected ? 'selected' : '', focused ? 'focused' : '', entry.kind === 'folder' && entry.pending ? 'pending' : '', engine ? 'engine' : ''].join(' ');
  return (
    <div
      id={rowId(index)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={className}
      style={{ transform: `translateY(${start}px)` }}
      title={engine ? engineNotes[engine] : undefined}
      draggable={draggable}
      data-testid="browser-row"
      data-entry-key={entry.key}
      data-name={entry.name}
      data-kind={entry.kind}
      data-engine-folder={engine ?? undefined}
      data-prefix={entry.kind === 'folder' ? entry.prefix : undefined}
      onClick={(event) => handlers.onClick(entry, event)}
      onDoubleClick={() => handlers.onDoubleClick(entry)}
      onContextMenu={(event) => handlers.onContextMenu(entry, event)}
      onDragStart={draggable ? (event) => handlers.onDragStart(entry, event) : undefined}
    >
      <div role="gridcell" className="browser-cell-name">
        <Icon name={entry.kind === 'folder' ? 'folder' : 'file'} />
        <span className="browser-name-text">{entry.name}</span>
        {entry.kind === 'folder' && entry.pending && <span className="browser-pending-badge">{pendingLabel}</span>}
        {entry.kind === 'object' && !entry.verifiable && (
          <span className="browser-pending-badge browser-unverified-badge" title={unverified.note} data-testid="unverified-badge">
            {unverified.label}
          </span>
        )}
        {published && <PublishPill status={published} />}
      </div>
      <div role="gridcell" className="browser-cell-size">
        {entry.kind === 'folder' && !entry.pending ? <FolderSizeCell prefix={entry.prefix} fallback={size} /> : size}
      </div>
      <div role="gridcell" className="browser-cell-modified">
        {modified}
      </div>
    </div>
  );
});
