/**
 * Uploads into a folder of a root, from a drop or from the pickers.
 * Desktop (the host has native paths): dropped files become paths and the
 * pickers are the system dialogs; main reads the disk (`transfers.uploadPaths`).
 * Headless: the page walks what was dropped or picked, announces the files
 * (`transfers.uploadBrowserFiles`) and the page's uploader sends their bytes;
 * a file whose earlier upload lost its page takes that upload up where it was.
 * Failures to start are shown as toasts; the transfers panel opens to show
 * the new jobs.
 */
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionView } from '@shared/contract/domain';
import { uploadProblem, type StorageRules } from '@shared/transfers/upload-problem';
import { useErrorMessage } from '../../components/ErrorText';
import { useToasts } from '../../components/toasts';
import { useApiQuery, useTransport } from '../../lib/api';
import { formatCount } from '../../lib/format';
import type { Transport } from '../../lib/transport/transport';
import { chooseInBrowser, droppedFiles, droppedRoots } from './data-transfer';
import type { PickedFile } from './dropped-files';
import { pageUploader } from './page-uploader';
import { useTransfersUi } from './transfers-store';

export interface UploadDestination {
  connectionId: string;
  root: string;
  /** '' for the root's top, otherwise a folder prefix ending in '/'. */
  folder: string;
}

export interface UploadController {
  /** Call it inside the drop handler, before any await: the DataTransfer empties once the event is over. */
  uploadDataTransfer(dataTransfer: DataTransfer, folder?: string): Promise<void>;
  /** Call from a click: the browser opens its chooser only during a user gesture. */
  pickAndUploadFiles(): Promise<void>;
  pickAndUploadFolder(): Promise<void>;
}

/** Files announced per call (the contract takes at most 10,000). */
const FILES_PER_CALL = 5000;
/** The contract's limit on a relative path's length. */
const MAX_RELATIVE_PATH = 1024;

export function useUploadController(destination: UploadDestination): UploadController {
  const transport = useTransport();
  const { t, i18n } = useTranslation();
  const describe = useErrorMessage();
  const destinationRef = useRef(destination);
  destinationRef.current = destination;
  // What the service can hold (folders, its own prefixes, sizes): files it cannot are failed by main and not sent.
  const connections = useApiQuery('connections.list', {});
  const rulesRef = useRef<StorageRules | null>(null);
  rulesRef.current = storageRules(connections.data, destination.connectionId);
  const env = useRef({ t, locale: i18n.language, describe });
  env.current = { t, locale: i18n.language, describe };

  return useMemo<UploadController>(() => {
    const toast = useToasts.getState().show;
    const problem = (error: unknown) => toast('error', env.current.t('transfers.problem.uploadFailed', { message: env.current.describe(error) }));
    // The panel shows the new jobs (no toast: it would cover the panel's buttons).
    const started = () => useTransfersUi.getState().setPanelOpen(true);
    const guarded = async (work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        problem(error);
      }
    };

    const uploadPaths = async (paths: string[], folder?: string) => {
      if (paths.length === 0) return;
      const dest = { ...destinationRef.current, folder: folder ?? destinationRef.current.folder };
      const result = await transport.call('transfers.uploadPaths', { connectionId: dest.connectionId, root: dest.root, targetFolder: dest.folder, paths, conflict: 'ask' });
      if (result.jobs > 0) started();
    };

    const uploadPicked = async (picked: Array<PickedFile<File>>, folder?: string) => {
      const { t: tr, locale } = env.current;
      const files = picked.filter((p) => p.relativePath.length <= MAX_RELATIVE_PATH);
      if (files.length < picked.length) {
        const left = picked.length - files.length;
        toast('error', tr('transfers.problem.tooLong', { count: left, formatted: formatCount(left, locale) }));
      }
      if (files.length === 0) {
        if (picked.length === 0) toast('info', tr('transfers.problem.nothingToUpload'));
        return;
      }
      const dest = { ...destinationRef.current, folder: folder ?? destinationRef.current.folder };
      await announceAndSend(transport, dest, files, rulesRef.current);
      started();
    };

    const { host } = transport;
    return {
      uploadDataTransfer(dataTransfer, folder) {
        if (host.nativePaths) {
          const chosen = Array.from(dataTransfer.files, (file) => host.pathForFile(file) ?? '').filter((p) => p !== '');
          return guarded(() => uploadPaths(chosen, folder));
        }
        const roots = droppedRoots(dataTransfer); // now, while the DataTransfer still holds the items
        return guarded(async () => uploadPicked(await droppedFiles(roots), folder));
      },
      pickAndUploadFiles() {
        if (host.nativePaths) return guarded(async () => uploadPaths((await transport.call('dialogs.open', { kind: 'files' })).paths));
        const chosen = chooseInBrowser('files');
        return guarded(async () => {
          const files = await chosen;
          if (files.length > 0) await uploadPicked(files);
        });
      },
      pickAndUploadFolder() {
        if (host.nativePaths) return guarded(async () => uploadPaths((await transport.call('dialogs.open', { kind: 'folder' })).paths));
        if (!('webkitdirectory' in HTMLInputElement.prototype)) {
          toast('error', env.current.t('transfers.problem.noFolderPicker'));
          return Promise.resolve();
        }
        const chosen = chooseInBrowser('folder');
        return guarded(async () => {
          const files = await chosen;
          if (files.length > 0) await uploadPicked(files);
        });
      },
    };
  }, [transport]);
}

/** Announces the files in calls of FILES_PER_CALL and hands each call's jobs to the page's uploader. */
async function announceAndSend(transport: Transport, dest: UploadDestination, files: Array<PickedFile<File>>, rules: StorageRules | null): Promise<void> {
  const uploader = pageUploader(transport);
  if (!uploader) throw new Error('this window cannot send files from the page');
  for (let start = 0; start < files.length; start += FILES_PER_CALL) {
    const part = files.slice(start, start + FILES_PER_CALL);
    const result = await transport.call('transfers.uploadBrowserFiles', {
      connectionId: dest.connectionId,
      root: dest.root,
      targetFolder: dest.folder,
      files: part.map((p) => ({ relativePath: p.relativePath, size: p.file.size, lastModified: p.file.lastModified })),
      conflict: 'ask',
    });
    // Jobs that wait for a decision are held back until it is made (those beyond the first 100 learn it from their first chunk).
    const waiting = new Set<string>();
    if (result.conflicts > 0) {
      const conflicts = await transport.call('transfers.conflicts', { limit: 100 });
      for (const job of conflicts.jobs) if (job.batchId === result.batchId) waiting.add(job.id);
    }
    uploader.add(
      result.files.flatMap((f, i) => {
        const picked = part[i]!;
        // Main failed the job already when the service cannot hold the file (the same rule runs there); nothing to send.
        if (uploadProblem(dest.folder + picked.relativePath, picked.file.size, rules)) return [];
        return [{ jobId: f.jobId, chunkSize: f.chunkSize, file: picked.file, next: f.next }];
      }),
      waiting,
    );
  }
}

/** The destination connection's storage rules, once the connection list is loaded (until then: the path rules alone). */
function storageRules(connections: readonly ConnectionView[] | undefined, connectionId: string): StorageRules | null {
  return connections?.find((c) => c.id === connectionId)?.capabilities ?? null;
}
