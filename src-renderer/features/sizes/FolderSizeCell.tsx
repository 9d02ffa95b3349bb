/**
 * A folder row's size cell: while mounted (on screen) it tells the store the
 * folder is visible; it shows the size and object count once main has
 * counted them, and the row's usual label until then.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes, formatCount, formatExactBytes } from '../../lib/format';
import { useFolderSizeStore } from './folder-size-store';
import './sizes.css';

export function FolderSizeCell({ prefix, fallback }: { prefix: string; fallback: string }) {
  const { t, i18n } = useTranslation();
  const size = useFolderSizeStore((s) => s.sizes.get(prefix));
  useEffect(() => {
    useFolderSizeStore.getState().show(prefix);
    return () => useFolderSizeStore.getState().hide(prefix);
  }, [prefix]);
  if (size === undefined) return <>{fallback}</>;
  if (size === 'failed') return <span className="folder-size folder-size-failed" data-testid="folder-size" data-failed="true">{t('folderSizes.failed')}</span>;
  const locale = i18n.language;
  return (
    <span className="folder-size" data-testid="folder-size" data-objects={size.objects} data-bytes={size.bytes} title={formatExactBytes(size.bytes, locale)}>
      {t('folderSizes.summary', { count: size.objects, formatted: formatCount(size.objects, locale), size: formatBytes(size.bytes, locale) })}
    </span>
  );
}
