/**
 * Downloads objects and folders of a root. Desktop: the user picks a folder
 * (system dialog) and main downloads into it as queued transfers. Headless:
 * the browser downloads through links: each object on its own, each folder
 * (or the whole root) as one zip, spaced a little so the browser takes
 * them as separate downloads.
 */
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectTarget } from '@shared/contract/domain';
import { useToasts } from '../../components/toasts';
import { useTransport } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { browserDownloads } from './browser-downloads';
import { useTransfersUi } from './transfers-store';

export interface DownloadSource {
  connectionId: string;
  root: string;
}

export interface DownloadController {
  /** Downloads these objects and folders; without targets, the whole root. */
  downloadTargets(targets?: readonly ObjectTarget[]): Promise<void>;
}

/** Between two links of one request, so the browser does not merge or drop them. */
const LINK_SPACING_MS = 400;

function followLink(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = ''; // the server's Content-Disposition names the file
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

export function useDownloadController(source: DownloadSource): DownloadController {
  const transport = useTransport();
  const { t, i18n } = useTranslation();
  const sourceRef = useRef(source);
  sourceRef.current = source;
  const env = useRef({ t, locale: i18n.language });
  env.current = { t, locale: i18n.language };

  return useMemo<DownloadController>(
    () => ({
      async downloadTargets(targets) {
        const toast = useToasts.getState().show;
        const { connectionId, root } = sourceRef.current;
        const list = targets && targets.length > 0 ? [...targets] : undefined;
        try {
          const files = transport.browserFiles;
          if (files) {
            const downloads = browserDownloads(connectionId, root, list);
            const { t: tr, locale } = env.current;
            toast('info', tr('transfers.started.downloadBrowser', { count: downloads.length, formatted: formatCount(downloads.length, locale) }));
            for (const [i, download] of downloads.entries()) {
              if (i > 0) await new Promise((resolve) => setTimeout(resolve, LINK_SPACING_MS));
              followLink(files.downloadUrl(download));
            }
            return;
          }
          const { paths } = await transport.call('dialogs.open', { kind: 'downloadTarget' });
          const localFolder = paths[0];
          if (!localFolder) return; // the dialog was cancelled
          await transport.call('transfers.download', { connectionId, root, ...(list ? { targets: list } : {}), localFolder, conflict: 'ask' });
          useTransfersUi.getState().setPanelOpen(true);
        } catch (error) {
          toast('error', (words) => words.t('transfers.problem.downloadFailed', { message: words.describe(error) }));
        }
      },
    }),
    [transport],
  );
}
