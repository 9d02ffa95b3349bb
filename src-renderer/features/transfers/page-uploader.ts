/**
 * The page's one BrowserUploader (headless mode), created on first use and
 * kept for the page's life, so uploads go on when the view that started them
 * closes. It hears job updates and reconnects through the transport, asks
 * before the page is closed while it still holds bytes to send, and names the
 * jobs whose files it holds every few seconds: main takes a job nobody names
 * as one whose page went away, waiting for its file to be dropped again.
 */
import { HOLD_INTERVAL_MS, HOLD_MAX_IDS } from '@shared/transfers/browser-hold';
import type { Transport } from '../../lib/transport/transport';
import { BrowserUploader } from './browser-uploader';

const uploaders = new WeakMap<Transport, BrowserUploader<Blob>>();

/** The uploader for this transport; undefined where the page cannot send files (desktop: main reads the disk). */
export function pageUploader(transport: Transport): BrowserUploader<Blob> | undefined {
  const files = transport.browserFiles;
  if (!files) return undefined;
  let uploader = uploaders.get(transport);
  if (!uploader) {
    const created = new BrowserUploader<Blob>({
      sendChunk: (jobId, index, bytes, signal) => files.uploadChunk(jobId, index, bytes, signal),
      proveFile: (jobId, digests) => transport.call('transfers.proveBrowserFile', { jobId, digests }),
      digest: blobSha256,
    });
    transport.subscribe('transfers.progress', ({ updates }) => created.update(updates));
    transport.onConnectionChange((connected) => {
      if (connected) created.reconnected();
    });
    window.addEventListener('beforeunload', (event) => {
      if (created.pending > 0) event.preventDefault(); // closing the page would lose the bytes not sent yet
    });
    setInterval(() => void beat(transport, created), HOLD_INTERVAL_MS);
    uploaders.set(transport, created);
    uploader = created;
  }
  return uploader;
}

/** One chunk's SHA-256 in hex (a chunk is at most a multipart part, so it is read whole). */
async function blobSha256(bytes: Blob): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await bytes.arrayBuffer()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function beat(transport: Transport, uploader: BrowserUploader<Blob>): Promise<void> {
  const ids = uploader.pendingJobIds();
  for (let start = 0; start < ids.length; start += HOLD_MAX_IDS) {
    try {
      await transport.call('transfers.holdBrowserFiles', { jobIds: ids.slice(start, start + HOLD_MAX_IDS) });
    } catch {
      // Main unreachable: the next beat says it again (and chunks count as beats).
    }
  }
}

/** Whether this page holds the job's file (without creating the uploader). */
export function pageHoldsFile(transport: Transport, jobId: string): boolean {
  return uploaders.get(transport)?.holds(jobId) ?? false;
}
