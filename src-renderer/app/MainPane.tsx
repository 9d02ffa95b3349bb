/**
 * Shows the current page: the Sync page, or what the current location calls
 * for (buckets of a connection, packages of a bucket, or a package's objects).
 * Choosing a location in the sidebar goes back to the files.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ObjectBrowser } from '../features/browser/ObjectBrowser';
import { BucketsView } from '../features/storage/BucketsView';
import { PackagesView } from '../features/storage/PackagesView';
import { SyncPage } from '../features/sync/SyncPage';
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

  let content;
  if (page === 'sync') content = <SyncPage />;
  else if (!location) content = <div className="placeholder">{t('shell.pickConnection')}</div>;
  else if (location.bucketId === null) content = <BucketsView connectionId={location.connectionId} />;
  else if (location.packageId === null) content = <PackagesView connectionId={location.connectionId} bucketId={location.bucketId} />;
  else content = <ObjectBrowser location={{ ...location, bucketId: location.bucketId, packageId: location.packageId }} />;
  return (
    <main className="main-pane" data-testid="main-pane" data-page={page}>
      {content}
    </main>
  );
}
