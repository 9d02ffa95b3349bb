/** Shows what the current location calls for: buckets of a connection, packages of a bucket, or a package's objects. */
import { useTranslation } from 'react-i18next';
import { ObjectBrowser } from '../features/browser/ObjectBrowser';
import { BucketsView } from '../features/storage/BucketsView';
import { PackagesView } from '../features/storage/PackagesView';
import { useBrowserStore } from '../stores/browser-store';

export function MainPane() {
  const { t } = useTranslation();
  const location = useBrowserStore((s) => s.location);
  let content;
  if (!location) content = <div className="placeholder">{t('shell.pickConnection')}</div>;
  else if (location.bucketId === null) content = <BucketsView connectionId={location.connectionId} />;
  else if (location.packageId === null) content = <PackagesView connectionId={location.connectionId} bucketId={location.bucketId} />;
  else content = <ObjectBrowser location={{ ...location, bucketId: location.bucketId, packageId: location.packageId }} />;
  return (
    <main className="main-pane" data-testid="main-pane">
      {content}
    </main>
  );
}
