/** Icons only the Sync page needs, drawn by components/Icon's LineIcon (inline line art). */
import type { SyncDirection } from '@shared/contract/sync';
import { LineIcon } from '../../components/Icon';

const PATHS = {
  play: 'M7 5v14l12-7z',
  pause: 'M8 5v14M16 5v14',
  upload: 'M4 12h14M13 7l5 5-5 5',
  download: 'M20 12H6M11 7l-5 5 5 5',
  twoWay: 'M4 9h15M15 5l4 4-4 4M20 15H5M9 11l-4 4 4 4',
  preview: 'M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
  log: 'M5 5h14M5 10h14M5 15h9M5 20h6',
  conflict: 'M12 3v6M12 15v6M5 8l4 4-4 4M19 8l-4 4 4 4',
  sync: 'M20 12a8 8 0 0 1-14 5.3M4 12A8 8 0 0 1 18 6.7M18 3v4h-4M6 21v-4h4',
} as const;

export type SyncIconName = keyof typeof PATHS;

export function SyncIcon({ name, size = 16, title }: { name: SyncIconName; size?: number; title?: string }) {
  return <LineIcon d={PATHS[name]} size={size} title={title} />;
}

export function DirectionIcon({ direction, title, size }: { direction: SyncDirection; title?: string; size?: number }) {
  return <SyncIcon name={direction === 'twoWay' ? 'twoWay' : direction} title={title} size={size} />;
}
