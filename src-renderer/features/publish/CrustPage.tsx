/**
 * The Crust page, beside Files and Sync: every publish job with its order's
 * status, filter chips by label (with counts), search by name or CID,
 * per-row and bulk Re-check, Renew, Retry, Cancel and Remove record, and the
 * seed's registry records per study id.
 */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublishJob } from '@shared/contract/publish';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Icon } from '../../components/Icon';
import { formatCount } from '../../lib/format';
import { useDebounced } from '../browser/use-debounced';
import { chips, NO_FILTER, toggleLabel, totalCount, type CrustFilter } from './crust-filters';
import { CrustJobList } from './CrustJobList';
import { idsFor, labelTone, type PublishAction } from './order-display';
import { loadedJobs } from './publish-pages';
import { RegistrySection } from './RegistrySection';
import { PublishLocalDialog } from './PublishLocalDialog';
import { usePublishControl } from './use-publish';
import { usePublishPages } from './use-publish-pages';
import './crust.css';

const BULK: readonly PublishAction[] = ['recheck', 'renew', 'retry', 'cancel', 'remove'];
const SEARCH_DEBOUNCE_MS = 250;

export function CrustPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [labels, setLabels] = useState<CrustFilter['labels']>(NO_FILTER.labels);
  const [search, setSearch] = useState('');
  const query = useDebounced(search, SEARCH_DEBOUNCE_MS);
  const filter = useMemo<CrustFilter>(() => ({ labels, query }), [labels, query]);
  const data = usePublishPages(filter);
  const control = usePublishControl();
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [confirmRemove, setConfirmRemove] = useState<readonly string[] | null>(null);
  const [publishingLocal, setPublishingLocal] = useState(false);

  const changeFilter = (next: () => void) => {
    next();
    setSelection(new Set());
  };
  const onSelect = useCallback((id: string, selected: boolean) => {
    setSelection((old) => {
      const next = new Set(old);
      if (selected) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const run = useCallback(
    (action: PublishAction, ids: readonly string[]) => {
      if (action === 'remove') setConfirmRemove(ids);
      else void control(action, ids);
    },
    [control],
  );
  const onAction = useCallback((job: PublishJob, action: PublishAction) => run(action, [job.id]), [run]);
  /** A bulk action goes to the selected jobs it applies to (judged from the loaded rows; others the core judges). */
  const bulk = (action: PublishAction) => {
    const known = loadedJobs(data.pages);
    const applicable = new Set(idsFor(action, [...known.values()].filter((job) => selection.has(job.id))));
    const ids = [...selection].filter((id) => applicable.has(id) || !known.has(id));
    if (ids.length > 0) run(action, ids);
  };

  const all = totalCount(data.counts);
  const shownChips = chips(data.counts, labels);
  return (
    <div className="crust-page" data-testid="crust-page">
      <div className="crust-header">
        <span className="crust-header-icon">
          <Icon name="publish" size={22} />
        </span>
        <div className="crust-heading">
          <h1 className="crust-title">
            {t('publish.page.title')}
            {all > 0 && <span className="crust-summary">{t('publish.page.summary', { count: all, formatted: formatCount(all, locale) })}</span>}
          </h1>
          <p className="crust-intro">{t('publish.page.intro')}</p>
        </div>
        <button type="button" className="button" onClick={() => setPublishingLocal(true)} data-testid="publish-local-open">
          {t('publish.local.open')}
        </button>
        <PublishLocalDialog open={publishingLocal} onClose={() => setPublishingLocal(false)} />
        <button type="button" className="icon-button" onClick={data.retry} title={t('common.refresh')} aria-label={t('common.refresh')} data-testid="crust-refresh">
          <Icon name="refresh" />
        </button>
      </div>
      <div className="crust-filters">
        <div className="crust-chips" role="group" aria-label={t('publish.page.list')}>
          <button type="button" className="crust-chip" aria-pressed={labels.length === 0} onClick={() => changeFilter(() => setLabels([]))} data-testid="crust-chip-all">
            {t('publish.page.all')} <span className="crust-chip-count">{formatCount(all, locale)}</span>
          </button>
          {shownChips.map((chip) => (
            <button
              key={chip.label}
              type="button"
              className="crust-chip"
              aria-pressed={chip.chosen}
              onClick={() => changeFilter(() => setLabels((old) => toggleLabel(old, chip.label)))}
              data-testid={`crust-chip-${chip.label}`}
              data-count={chip.count}
            >
              <span className={`crust-chip-dot publish-tone-${labelTone(chip.label)}`} aria-hidden />
              {t(`publish.label.${chip.label}`)} <span className="crust-chip-count">{formatCount(chip.count, locale)}</span>
            </button>
          ))}
        </div>
        <label className="crust-search">
          <Icon name="search" />
          <input className="input" type="search" value={search} placeholder={t('publish.page.search')} aria-label={t('publish.page.search')} onChange={(e) => changeFilter(() => setSearch(e.target.value))} data-testid="crust-search" />
        </label>
      </div>
      <div className="crust-bulk" data-testid="crust-bulk">
        <button type="button" className="button" onClick={() => setSelection(new Set(loadedJobs(data.pages).keys()))} disabled={data.pages.size === 0} data-testid="crust-select-all">
          {t('publish.page.selectAll')}
        </button>
        {selection.size > 0 && (
          <>
            <span className="crust-muted" data-testid="crust-selected">
              {t('publish.page.selected', { count: selection.size, formatted: formatCount(selection.size, locale) })}
            </span>
            <button type="button" className="button" onClick={() => setSelection(new Set())}>
              {t('publish.page.clearSelection')}
            </button>
            <span className="crust-bulk-spacer" />
            {BULK.map((action) => (
              <button key={action} type="button" className={action === 'remove' ? 'button crust-danger' : 'button'} onClick={() => bulk(action)} data-testid={`crust-bulk-${action}`}>
                {t(`publish.action_.${action}`)}
              </button>
            ))}
          </>
        )}
      </div>
      <CrustJobList data={data} filtered={labels.length > 0 || query.trim() !== ''} selection={selection} onSelect={onSelect} onAction={onAction} />
      <details className="crust-registry-details">
        <summary data-testid="crust-registry-toggle">{t('publish.registry.title')}</summary>
        <RegistrySection />
      </details>
      <ConfirmDialog
        open={confirmRemove !== null}
        title={t('publish.page.confirmRemoveTitle')}
        message={t('publish.page.confirmRemove', { count: confirmRemove?.length ?? 0, formatted: formatCount(confirmRemove?.length ?? 0, locale) })}
        confirmLabel={t('publish.action_.remove')}
        danger
        testId="crust-confirm-remove"
        onConfirm={async () => {
          const ids = confirmRemove ?? [];
          await control('remove', ids);
          setSelection((old) => new Set([...old].filter((id) => !ids.includes(id))));
        }}
        onClose={() => setConfirmRemove(null)}
      />
    </div>
  );
}
