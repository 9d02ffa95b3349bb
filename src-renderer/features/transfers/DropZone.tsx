/**
 * A drop target for files from the system: while files are dragged over it, a
 * dashed overlay says where they will go; dropping hands the DataTransfer to
 * `onDrop` during the event (read it at once: it empties afterwards). Drags
 * that carry no files (rows moved inside the app) pass through untouched.
 */
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { TransferIcon } from './TransferIcon';

export interface DropZoneProps {
  /** How the destination is named in the overlay: “Drop to upload to {folderLabel}”. */
  folderLabel: string;
  onDrop: (dataTransfer: DataTransfer) => void;
  disabled?: boolean;
  className?: string;
  children?: ReactNode;
  testId?: string;
}

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

export function DropZone({ folderLabel, onDrop, disabled, className, children, testId = 'drop-zone' }: DropZoneProps) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them to know when the pointer really left.
  const depth = useRef(0);

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
  };
  const leave = (event: DragEvent) => {
    if (disabled || !carriesFiles(event)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  };
  const drop = (event: DragEvent) => {
    depth.current = 0;
    setOver(false);
    if (disabled || !carriesFiles(event)) return;
    event.preventDefault();
    event.stopPropagation();
    onDrop(event.dataTransfer);
  };

  return (
    <div className={`drop-zone ${className ?? ''}`} data-testid={testId} data-dragging={over || undefined} onDragEnter={enter} onDragOver={overHandler} onDragLeave={leave} onDrop={drop}>
      {children}
      {over && (
        <div className="drop-zone-overlay" data-testid="drop-zone-overlay" role="region" aria-label={t('transfers.drop.region')}>
          <TransferIcon name="upload" size={28} />
          <span>{t('transfers.drop.label', { folder: folderLabel })}</span>
        </div>
      )}
    </div>
  );
}
