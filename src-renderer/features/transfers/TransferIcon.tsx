/** Line icons the transfers feature needs, drawn by components/Icon's LineIcon (no icon font, nothing loaded). */
import { LineIcon } from '../../components/Icon';

const PATHS = {
  upload: 'M12 16V4M7 9l5-5 5 5M4 20h16',
  download: 'M12 4v12M7 11l5 5 5-5M4 20h16',
  transfers: 'M7 20V4M3 8l4-4 4 4M17 4v16M13 16l4 4 4-4',
  pause: 'M8 5v14M16 5v14',
  resume: 'M7 4l13 8-13 8z',
  retry: 'M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5',
  cancel: 'M6 6l12 12M18 6 6 18',
  clear: 'M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13',
  decide: 'M9 9a3 3 0 1 1 4 2.8c-.6.3-1 .9-1 1.6V14M12 17.5h.01',
  folder: 'M3 6.5A1.5 1.5 0 0 1 4.5 5h4l2 2h9A1.5 1.5 0 0 1 21 8.5v9A1.5 1.5 0 0 1 19.5 19h-15A1.5 1.5 0 0 1 3 17.5zM12 10v6M9 13l3-3 3 3',
  chevronDown: 'M6 9l6 6 6-6',
} as const;

export type TransferIconName = keyof typeof PATHS;

export function TransferIcon({ name, size = 16 }: { name: TransferIconName; size?: number }) {
  return <LineIcon d={PATHS[name]} size={size} />;
}
