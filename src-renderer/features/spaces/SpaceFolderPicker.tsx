/**
 * Browse a space one level at a time (`spaces.browse`), with breadcrumbs, to
 * choose a folder (or, for an import, a single file). The service lists at
 * most a few thousand entries of a level; when it has more it says so, and a
 * path can still be typed in the form.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpaceEntryView, SpaceView } from '@shared/contract/spaces';
import { Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import { formatBytes } from '../../lib/format';
import { lastSegment, parentPath, pathCrumbs } from './space-display';

interface Props {
  connectionId: string;
  space: SpaceView;
  initialPath: string;
  /** Files can be chosen too (an import of one file). */
  files: boolean;
  onChoose: (path: string) => void;
  onClose: () => void;
}

export function SpaceFolderPicker({ connectionId, space, initialPath, files, onChoose, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const [path, setPath] = useState(initialPath);
  const [file, setFile] = useState<SpaceEntryView | null>(null);
  const listing = useApiQuery('spaces.browse', { connectionId, id: space.id, path }, { staleTime: 0, retry: false });
  const go = (next: string) => {
    setFile(null);
    setPath(next);
  };
  const chosen = file?.path ?? path;

  return (
    <Dialog
      open
      wide
      title={t('spaces.picker.title', { space: space.name })}
      onClose={onClose}
      testId="space-picker"
      footer={
        <>
          <span className="spaces-picker-chosen" data-testid="space-picker-chosen" title={chosen}>
            {chosen === '' ? t('spaces.picker.wholeSpace') : chosen}
          </span>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              onChoose(chosen);
              onClose();
            }}
            data-testid="space-picker-choose"
          >
            {file ? t('spaces.picker.chooseFile') : t('spaces.picker.chooseFolder')}
          </button>
        </>
      }
    >
      <nav className="spaces-crumbs" aria-label={t('spaces.picker.path')}>
        <button type="button" className="icon-button" onClick={() => go(parentPath(path))} disabled={path === ''} title={t('spaces.picker.up')} aria-label={t('spaces.picker.up')}>
          <Icon name="arrowUp" size={14} />
        </button>
        <span className="spaces-crumb">
          <button type="button" className="spaces-link" onClick={() => go('')} aria-current={path === '' ? 'location' : undefined} data-testid="space-picker-crumb" data-path="">
            {space.name}
          </button>
        </span>
        {pathCrumbs(path).map((p) => (
          <span key={p} className="spaces-crumb">
            <Icon name="chevronRight" size={12} />
            <button type="button" className="spaces-link" onClick={() => go(p)} aria-current={p === path ? 'location' : undefined} data-testid="space-picker-crumb" data-path={p}>
              {lastSegment(p)}
            </button>
          </span>
        ))}
      </nav>
      <ul className="spaces-picker-list" aria-label={t('spaces.picker.entries')} data-testid="space-picker-list">
        {listing.data?.entries.map((entry) =>
          entry.isFolder ? (
            <li key={entry.path}>
              <button type="button" className="spaces-picker-item" onClick={() => go(entry.path)} data-testid="space-picker-folder" data-name={entry.name}>
                <Icon name="folder" />
                <span className="spaces-picker-name">{entry.name}</span>
              </button>
            </li>
          ) : (
            <li key={entry.path}>
              <button
                type="button"
                className="spaces-picker-item spaces-picker-file"
                aria-pressed={file?.path === entry.path}
                disabled={!files}
                onClick={() => setFile(file?.path === entry.path ? null : entry)}
                data-testid="space-picker-file"
                data-name={entry.name}
              >
                <Icon name="file" />
                <span className="spaces-picker-name">{entry.name}</span>
                <span className="spaces-picker-size">{formatBytes(entry.size, i18n.language)}</span>
              </button>
            </li>
          ),
        )}
        {listing.isPending && <li className="field-hint">{t('common.loading')}</li>}
        {listing.isSuccess && listing.data.entries.length === 0 && <li className="field-hint">{t('spaces.picker.empty')}</li>}
      </ul>
      {listing.data?.truncated && <p className="field-hint">{t('spaces.picker.truncated')}</p>}
      {listing.data && listing.data.rejected > 0 && <p className="field-hint">{t('spaces.picker.rejected', { count: listing.data.rejected })}</p>}
      <ErrorText error={listing.error} />
    </Dialog>
  );
}
