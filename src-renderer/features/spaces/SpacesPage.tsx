/**
 * The Spaces page, beside Files, Sync and Crust: the user spaces of one
 * connection that has them (the embedded node, or a remote JCS-pub service:
 * chosen at the top, or from a connection's menu in the sidebar), in three
 * tabs: the spaces, their sync tasks, and imports and exports.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import { useAppUi } from '../../stores/app-store';
import { connectionDisplayName } from '../connections/display-name';
import { JobsTab } from './JobsTab';
import { SpacesTab } from './SpacesTab';
import { TasksTab } from './TasksTab';
import './spaces.css';

type Tab = 'spaces' | 'tasks' | 'jobs';
const TABS: readonly Tab[] = ['spaces', 'tasks', 'jobs'];

export function SpacesPage() {
  const { t } = useTranslation();
  const connections = useApiQuery('connections.list', {});
  const chosen = useAppUi((s) => s.spacesConnectionId);
  const setConnection = useAppUi((s) => s.setSpacesConnection);
  const [tab, setTab] = useState<Tab>('spaces');
  const withSpaces = connections.data?.filter((c) => c.capabilities.userSpaces) ?? [];
  const connection = withSpaces.find((c) => c.id === chosen) ?? withSpaces[0];

  return (
    <div className="spaces-page" data-testid="spaces-page">
      <div className="spaces-header">
        <span className="spaces-header-icon">
          <Icon name="server" size={22} />
        </span>
        <div className="spaces-heading">
          <h1 className="spaces-title">{t('spaces.page.title')}</h1>
          <p className="spaces-intro">{t('spaces.page.intro')}</p>
        </div>
        <label className="spaces-connection">
          <span className="field-label">{t('spaces.page.connection')}</span>
          <select className="input" value={connection?.id ?? ''} onChange={(e) => setConnection(e.target.value)} disabled={withSpaces.length === 0} data-testid="spaces-connection">
            {withSpaces.map((c) => (
              <option key={c.id} value={c.id}>
                {connectionDisplayName(c, t)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="spaces-tabs" role="tablist" aria-label={t('spaces.page.title')}>
        {TABS.map((name) => (
          <button key={name} type="button" role="tab" className="spaces-tab" aria-selected={tab === name} onClick={() => setTab(name)} data-testid={`spaces-tab-${name}`}>
            {t(`spaces.page.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div className="spaces-body" role="tabpanel">
        {connections.isPending ? (
          <p className="spaces-state">{t('common.loading')}</p>
        ) : !connection ? (
          <p className="spaces-state" data-testid="spaces-no-connection">
            {t('spaces.page.noConnection')}
          </p>
        ) : tab === 'spaces' ? (
          <SpacesTab key={connection.id} connection={connection} />
        ) : tab === 'tasks' ? (
          <TasksTab key={connection.id} connectionId={connection.id} />
        ) : (
          <JobsTab key={connection.id} connectionId={connection.id} />
        )}
      </div>
    </div>
  );
}
