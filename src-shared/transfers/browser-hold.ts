/**
 * How a page says it still holds the files of its browser uploads (headless
 * mode): it names them every HOLD_INTERVAL_MS, and main takes a job no page
 * has named for HOLD_GRACE_MS as one whose page went away (reloaded, closed):
 * it waits for its file to be dropped again. The grace covers a few missed
 * beats (a busy page, a slow call) so a live page is never taken for gone.
 */
export const HOLD_INTERVAL_MS = 3_000;
export const HOLD_GRACE_MS = 10_000;
/** Job ids one `transfers.holdBrowserFiles` call names at most. */
export const HOLD_MAX_IDS = 10_000;

/** The key a file is known by when it is dropped again: where it goes, its size and its last-modified time. */
export function resumeKey(file: { connectionId: string; root: string; remotePath: string; size: number; lastModified: number | null }): string {
  return JSON.stringify([file.connectionId, file.root, file.remotePath, file.size, file.lastModified]);
}
