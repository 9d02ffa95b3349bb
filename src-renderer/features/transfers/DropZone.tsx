/**
 * A drop target for files from the system: while files are dragged over it, a
 * dashed frame says where they will go; dropping hands the DataTransfer to
 * `onDrop` during the event (read it at once: it empties afterwards). Drags
 * that carry no files (rows moved inside the app) pass through untouched.
 * An element inside can be a narrower target (a folder row: "drop into this
 * folder"): `targetAt` names it, it is marked `data-drop-target` while the
 * pointer is over it, and the drop goes there.
 */
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TransferIcon } from './TransferIcon';

/** A narrower destination inside the zone. */
export interface InnerDropTarget {
  /** The element to mark while the pointer is over it. */
  element: HTMLElement;
  /** How the overlay names it. */
  label: string;
  /** Handed to `onDrop`. */
  value: string;
}

export interface DropZoneProps {
  /** How the destination is named in the overlay: “Drop to upload to {folderLabel}”. */
  folderLabel: string;
  /** `target` is the inner target's value when the drop landed on one. */
  onDrop: (dataTransfer: DataTransfer, target?: string) => void;
  /** The inner target under the pointer, if any. */
  targetAt?: (element: Element) => InnerDropTarget | undefined;
  disabled?: boolean;
  className?: string;
  children?: ReactNode;
  testId?: string;
}

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

export function DropZone({ folderLabel, onDrop, targetAt, disabled, className, children, testId = 'drop-zone' }: DropZoneProps) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  const [inner, setInner] = useState<InnerDropTarget | undefined>(undefined);
  const innerRef = useRef<InnerDropTarget | undefined>(undefined);
  // dragenter/dragleave fire for every child crossed: count them to know when the pointer really left.
  const depth = useRef(0);

  // The mark is a data attribute set here, not a class React renders: rows are memoized and must not re-render on every dragover.
  const aim = (next: InnerDropTarget | undefined) => {
    const current = innerRef.current;
    if (current?.element === next?.element) return;
    current?.element.removeAttribute('data-drop-target');
    next?.element.setAttribute('data-drop-target', '');
    innerRef.current = next;
    setInner(next);
  };
  const innerAt = (event: DragEvent) => (targetAt && event.target instanceof Element ? targetAt(event.target) : undefined);

  const enter = (event: DragEvent) => {
    if (disabled || !carriesFiles(event)) return;
    event.preventDefault();
    depth.current++;
    setOver(true);
  };
  const overHandler = (event: DragEvent) => {
    if (disabled || !carriesFiles(event)) return;
    event.preventDefault(); // allows the drop
    event.dataTransfer.dropEffect = 'copy';
    aim(innerAt(event));
  };
  const leave = (event: DragEvent) => {
    if (disabled || !carriesFiles(event)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) {
      setOver(false);
      aim(undefined);
    }
  };
  const drop = (event: DragEvent) => {
    depth.current = 0;
    setOver(false);
    const target = innerAt(event);
    aim(undefined);
    if (disabled || !carriesFiles(event)) return;
    event.preventDefault();
    event.stopPropagation();
    onDrop(event.dataTransfer, target?.value);
  };

  return (
    <div className={`drop-zone ${className ?? ''}`} data-testid={testId} data-dragging={over || undefined} onDragEnter={enter} onDragOver={overHandler} onDragLeave={leave} onDrop={drop}>
      {children}
      {over && (
        <div className="drop-zone-overlay" data-testid="drop-zone-overlay" role="region" aria-label={t('transfers.drop.region')}>
          <span className="drop-zone-label">
            <TransferIcon name="upload" size={20} />
            <span>{t('transfers.drop.label', { folder: inner?.label ?? folderLabel })}</span>
          </span>
        </div>
      )}
    </div>
  );
}
