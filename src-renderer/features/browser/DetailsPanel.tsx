/**
 * Details of the selection: one file (path, size human and exact, whether it
 * can be verified, the service's own fields — JCS: fileHash, redundancy, its
 * id, times — and when it changed), one folder (its prefix, and its size on
 * request), or several (how many, and the size of the files among them).
 */
import { Fragment, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes, formatCount, formatDateTime, formatExactBytes } from '../../lib/format';
import { useBrowserStore } from '../../stores/browser-store';
import { selectedEntries, useBrowser } from './browser-context';
import { CopyButton } from './CopyButton';
import { FolderSize } from './FolderSize';
import { extraRows } from './extra-fields';
import type { ObjectEntry } from './listing';
import { Icon } from '../../components/Icon';
import { PublishDetails } from '../publish/PublishDetails';
import { usePublishBadges } from '../publish/use-publish';
import { publishRequest } from './targets';
import { entryPath } from './use-browser-actions';
import { ShareLinkButton } from '../share/ShareLinkButton';
import { UsageTotalsChart } from '../sizes/UsageTotalsChart';

export function DetailsPanel() {
  const { t, i18n } = useTranslation();
  const { listing, location, actions, refusals, gone } = useBrowser();
  const badges = usePublishBadges(location.connectionId, location.root);
  const selection = useBrowserStore((s) => s.selection);
  const closeDetails = useBrowserStore((s) => s.toggleDetails);
  const selected = useMemo(() => selectedEntries(listing.entries, selection), [listing.entries, selection]);
  const locale = i18n.language;
  const single = selected.length === 1 ? selected[0] : undefined;

  let body;
  if (selected.length === 0) {
    body = (
      <>
        <h3 className="details-title">{location.prefix === '' ? t('browser.details.rootTop') : location.prefix}</h3>
        <p className="field-hint">{t('browser.details.nothingSelected')}</p>
        {!gone && <UsageTotalsChart key={`${location.connectionId}:${location.root}`} location={location} />}
      </>
    );
  } else if (single?.kind === 'object') {
    body = <ObjectDetails entry={single} locale={locale} />;
  } else if (single?.kind === 'folder') {
    body = (
      <>
        <h3 className="details-title">{single.name}</h3>
        <dl className="details-list">
          <dt>{t('browser.details.prefix')}</dt>
          <dd className="details-copyable">
            <span className="mono" data-testid="details-prefix">
              {single.prefix}
            </span>
            <CopyButton text={single.prefix} label={t('browser.details.copyPath')} testId="copy-path" />
          </dd>
        </dl>
        {single.pending ? <p className="field-hint">{t('browser.viewOnlyFolder')}</p> : <FolderSize key={single.key} location={location} prefix={single.prefix} />}
      </>
    );
  } else {
    const files = selected.filter((e): e is ObjectEntry => e.kind === 'object');
    const folders = selected.length - files.length;
    const bytes = files.reduce((sum, e) => sum + e.size, 0);
    body = (
      <>
        <h3 className="details-title" data-testid="details-count">
          {t('browser.details.selectedCount', { count: selected.length, formatted: formatCount(selected.length, locale) })}
        </h3>
        <dl className="details-list">
          <dt>{t('browser.details.files')}</dt>
          <dd data-testid="details-files">{formatCount(files.length, locale)}</dd>
          <dt>{t('browser.details.folders')}</dt>
          <dd data-testid="details-folders">{formatCount(folders, locale)}</dd>
          <dt>{t('browser.details.filesSize')}</dt>
          <dd data-testid="details-total-size" title={formatExactBytes(bytes, locale)}>
            {formatBytes(bytes, locale)}
          </dd>
        </dl>
        {folders > 0 && <p className="field-hint">{t('browser.details.foldersNotCounted')}</p>}
      </>
    );
  }
  const published = single ? badges.get(entryPath(single)) : undefined;
  const canPublish = publishRequest(location.prefix, selected) !== null && !refusals.publish;
  return (
    <aside className="browser-details" aria-label={t('browser.details.title')} data-testid="details-panel">
      <button type="button" className="icon-button details-close" onClick={() => closeDetails(false)} title={t('common.close')} aria-label={t('common.close')} data-testid="details-close">
        <Icon name="close" size={14} />
      </button>
      {body}
      {single?.kind === 'object' && <ShareLinkButton key={single.key} location={location} path={single.entry.path} name={single.name} />}
      {published && <PublishDetails key={published.jobId} jobId={published.jobId} />}
      {canPublish && (
        <div className="publish-buttons">
          <button type="button" className="button" onClick={() => actions.publish(selected)} data-testid="details-publish">
            <Icon name="publish" />
            {t('publish.action')}
          </button>
        </div>
      )}
    </aside>
  );
}

function ObjectDetails({ entry, locale }: { entry: ObjectEntry; locale: string }) {
  const { t } = useTranslation();
  const { path, size, modified, extras } = entry.entry;
  return (
    <>
      <h3 className="details-title">{entry.name}</h3>
      <dl className="details-list">
        <dt>{t('browser.details.path')}</dt>
        <dd className="details-copyable">
          <span className="mono" data-testid="details-path">
            {path}
          </span>
          <CopyButton text={path} label={t('browser.details.copyPath')} testId="copy-path" />
        </dd>
        <dt>{t('common.size')}</dt>
        <dd>
          <span data-testid="details-size">{formatBytes(size, locale)}</span>
          <br />
          <span className="field-hint" data-testid="details-size-exact">
            {formatExactBytes(size, locale)}
          </span>
        </dd>
        {!entry.verifiable && (
          <dd data-testid="details-unverified">
            <span className="browser-pending-badge browser-unverified-badge">{t('browser.unverified.badge')}</span>
            <span className="field-hint"> {t('browser.unverified.note')}</span>
          </dd>
        )}
        {extraRows(extras, t).map((row) => (
          <Fragment key={row.key}>
            <dt>{row.label}</dt>
            <dd className={row.copy ? 'details-copyable' : undefined}>
              <span className={row.copy ? 'mono details-hash' : undefined} data-testid={`details-${row.id}`}>
                {row.time ? formatDateTime(row.value, locale) : row.value}
              </span>
              {row.copy && <CopyButton text={row.value} label={t('browser.details.copyValue', { name: row.label })} testId={`copy-${row.id}`} />}
            </dd>
          </Fragment>
        ))}
        <dt>{t('common.modified')}</dt>
        <dd data-testid="details-updated">{formatDateTime(modified, locale)}</dd>
      </dl>
    </>
  );
}
