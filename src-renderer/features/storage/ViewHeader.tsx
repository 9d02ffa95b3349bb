/** The top of a storage view: where you are (a breadcrumb), what the list holds, and its actions. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../../components/Icon';

export interface Crumb {
  label: string;
  onOpen?: () => void;
}

interface ViewHeaderProps {
  icon: IconName;
  title: string;
  crumbs: Crumb[];
  summary?: string;
  onRefresh: () => void;
  refreshing: boolean;
  actions: ReactNode;
}

export function ViewHeader({ icon, title, crumbs, summary, onRefresh, refreshing, actions }: ViewHeaderProps) {
  const { t } = useTranslation();
  return (
    <div className="view-header">
      <span className="view-header-icon">
        <Icon name={icon} size={22} />
      </span>
      <div className="view-header-text">
        <nav className="view-crumbs" aria-label="breadcrumb">
          {crumbs.map((crumb, index) => (
            <span key={index} className="view-crumb">
              {crumb.onOpen ? (
                <button type="button" className="link-button" onClick={crumb.onOpen}>
                  {crumb.label}
                </button>
              ) : (
                crumb.label
              )}
              <Icon name="chevronRight" size={12} />
            </span>
          ))}
        </nav>
        <h1 className="view-title" data-testid="view-title">
          {title}
          {summary && <span className="view-summary">{summary}</span>}
        </h1>
      </div>
      <div className="view-actions">
        <button type="button" className="icon-button" onClick={onRefresh} disabled={refreshing} title={t('common.refresh')} aria-label={t('common.refresh')} data-testid="view-refresh">
          <Icon name="refresh" />
        </button>
        {actions}
      </div>
    </div>
  );
}
