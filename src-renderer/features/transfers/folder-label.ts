import type { TFunction } from 'i18next';

/** How a destination folder is named in messages: “photos/2024”, or “the package root”. */
export function folderLabel(t: TFunction, folder: string): string {
  return folder === '' ? t('transfers.packageRoot') : `“${folder.replace(/\/$/, '')}”`;
}
