/** The details panel's "Share link…" for one file, shown where the connection can sign links (a JCS storage node with keys). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { useApiQuery } from '../../lib/api';
import type { ContentLocation } from '../browser/location';
import { ShareLinkDialog } from './ShareLinkDialog';
import './share.css';

export function ShareLinkButton({ location, path, name }: { location: ContentLocation; path: string; name: string }) {
  const { t } = useTranslation();
  const connections = useApiQuery('connections.list', {});
  const [open, setOpen] = useState(false);
  const connection = connections.data?.find((c) => c.id === location.connectionId);
  // Signing happens in main with the connection's keys; the view only says whether there are any.
  const canSign = connection?.kind === 'jcs' && (connection.embedded || connection.secretsSet.includes('secretKey'));
  if (!connection || !canSign) return null;
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)} data-testid="details-share">
        <Icon name="copy" />
        {t('share.action')}
      </button>
      {open && <ShareLinkDialog location={location} path={path} name={name} embedded={connection.embedded} onClose={() => setOpen(false)} />}
    </>
  );
}
