/**
 * The browser's transfer verbs: uploads into the folder being viewed (pickers
 * and drops, view-only folders included: uploading into one is what makes it
 * real), downloads of the selection or the folder, and, on the desktop,
 * dragging files out of the window. The transfers feature does the work and
 * opens its panel when jobs start; this only says what and where.
 */
import { useMemo } from 'react';
import { DRAG_OUT_MAX_OBJECTS } from '@shared/contract/operations';
import { useToasts } from '../../components/toasts';
import { useTransport } from '../../lib/api';
import type { TransportHost } from '../../lib/transport/transport';
import { useDownloadController, useTransfersUi, useUploadController } from '../transfers';
import type { BrowserActions } from './browser-context';
import type { ContentLocation } from './location';
import { downloadRequest, dragOutPlan, isDragOutPath } from './targets';

export type TransferActions = Pick<BrowserActions, 'uploadFiles' | 'uploadFolder' | 'uploadDropped' | 'download' | 'dragOut' | 'downloadFolderZip'>;

/** Files of a drop that all come from our own drag-out staging folder: a drag out of this window that came back. */
function isOwnDragComingBack(dataTransfer: DataTransfer, host: TransportHost): boolean {
  const files = Array.from(dataTransfer.files);
  return files.length > 0 && files.every((file) => isDragOutPath(host.pathForFile(file) ?? ''));
}

/** `pickHostFolder`: headless mode's folder picker for a folder zip's destination (the desktop asks the system). */
export function useTransferActions(location: ContentLocation, pickHostFolder: (prefix: string, unpack: boolean) => void): TransferActions {
  const { connectionId, root, prefix } = location;
  const transport = useTransport();
  const upload = useUploadController({ connectionId, root, folder: prefix });
  const downloads = useDownloadController({ connectionId, root });

  return useMemo<TransferActions>(() => {
    const toast = useToasts.getState().show;
    return {
      uploadFiles: () => void upload.pickAndUploadFiles(),
      uploadFolder: () => void upload.pickAndUploadFolder(),
      uploadDropped(dataTransfer, folder) {
        if (isOwnDragComingBack(dataTransfer, transport.host)) return;
        void upload.uploadDataTransfer(dataTransfer, folder);
      },
      download(entries) {
        const targets = downloadRequest(prefix, entries);
        if (targets !== null) void downloads.downloadTargets(targets);
      },
      downloadFolderZip(folder, unpack, localFolder) {
        void (async () => {
          try {
            let into = localFolder;
            if (into === undefined) {
              if (transport.browserFiles) return pickHostFolder(folder, unpack);
              into = (await transport.call('dialogs.open', { kind: 'downloadTarget' })).paths[0];
              if (!into) return; // the dialog was cancelled
            }
            await transport.call('transfers.downloadFolderZip', { connectionId, root, prefix: folder, localFolder: into, unpack, conflict: 'ask' });
            useTransfersUi.getState().setPanelOpen(true);
          } catch (error) {
            toast('error', (words) => words.t('browser.folderZip.failed', { message: words.describe(error) }));
          }
        })();
      },
      dragOut(entries) {
        const plan = dragOutPlan(entries);
        if ('problem' in plan) {
          toast('info', (words) => words.t(`browser.dragOut.${plan.problem}`, { max: DRAG_OUT_MAX_OBJECTS }));
          return;
        }
        transport
          .call('desktop.dragOut', { connectionId, root, objects: plan.objects })
          .catch((error: unknown) => toast('error', (words) => words.t('browser.dragOut.failed', { message: words.describe(error) })));
      },
    };
  }, [upload, downloads, transport, connectionId, root, prefix, pickHostFolder]);
}
