/**
 * Shows the current page: the Sync page, the Spaces page, the Crust page, or what the current location calls
 * for (a level of a connection's roots — JCS: its buckets, a bucket's
 * packages — or the folders and objects of a root that holds them).
 * Choosing a location in the sidebar goes back to the files.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useToastScope } from '../components/toasts';
import { ObjectBrowser } from '../features/browser/ObjectBrowser';
import { ConnectionGoneState, useConnectionGone } from '../features/storage/GoneStates';
import { RootsView } from '../features/storage/RootsView';
import { SyncPage } from '../features/sync/SyncPage';
import { CrustPage } from '../features/publish/CrustPage';
import { SpacesPage } from '../features/spaces/SpacesPage';
import { useAppUi } from '../stores/app-store';
import { useBrowserStore } from '../stores/browser-store';

export function MainPane() {
  const { t } = useTranslation();
  const location = useBrowserStore((s) => s.location);
  const page = useAppUi((s) => s.page);
  const shownLocation = useRef(location);
  useEffect(() => {
    if (shownLocation.current === location) return;
    shownLocation.current = location;
    useAppUi.getState().setPage('files');
  }, [location]);
  const connectionGone = useConnectionGone(location?.connectionId ?? '');
  // A notice about the page shown goes with it: another page, or another place (connection, bucket, package, folder) in the files.
  useToastScope(page === 'files' ? `files:${location ? JSON.stringify([location.connectionId, location.trail, location.root, location.prefix]) : ''}` : page);

  let content;
  if (page === 'sync') content = <SyncPage />;
  else if (page === 'spaces') content = <SpacesPage />;
  else if (page === 'crust') content = <CrustPage />;
  else if (!location) content = <div className="placeholder">{t('shell.pickConnection')}</div>;
  else if (connectionGone) content = <ConnectionGoneState />;
  else if (location.root === null) content = <RootsView connectionId={location.connectionId} trail={location.trail} />;
  else content = <ObjectBrowser location={{ ...location, root: location.root }} />;
  return (
    <main className="main-pane" data-testid="main-pane" data-page={page}>
      {content}
    </main>
  );
}
