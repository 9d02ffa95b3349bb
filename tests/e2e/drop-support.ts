/**
 * Files "dropped" from the OS in e2e tests: a DataTransfer made in the page
 * holding real File objects of random bytes, and the bytes of those files
 * brought back to Node for hash checks. A path with a '/' is a file of a
 * dropped folder: it carries the path as its webkitRelativePath (a
 * DataTransfer built in a page cannot carry directory entries, so a folder
 * drop is emulated the way the folder picker presents one). The files stay
 * in `window.dropped`, by path, for later checks.
 */
import type { JSHandle, Page } from '@playwright/test';

// Page-side code runs in Chromium; the Node-side type check has no DOM library,
// so the few browser globals used are declared here, for this module only.
export interface PageFile {
  readonly size: number;
}
export interface PageDataTransfer {
  items: { add(data: PageFile | string, type?: string): unknown };
}
declare const DataTransfer: new () => PageDataTransfer;
declare const FileReader: new () => { result: unknown; onload: (() => void) | null; onerror: (() => void) | null; readAsDataURL(blob: PageFile): void };
declare const window: { dropped?: Record<string, PageFile> };

export function stageDrop(page: Page, files: ReadonlyArray<{ path: string; size: number }>): Promise<JSHandle<PageDataTransfer>> {
  return page.evaluateHandle((specs) => {
    const transfer = new DataTransfer();
    const dropped: Record<string, PageFile> = (window.dropped ??= {});
    for (const spec of specs) {
      const bytes = new Uint8Array(spec.size);
      for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536)); // at most 64 KiB per call
      const file = new File([bytes], spec.path.slice(spec.path.lastIndexOf('/') + 1), { type: 'application/octet-stream' });
      if (spec.path.includes('/')) Object.defineProperty(file, 'webkitRelativePath', { value: spec.path });
      transfer.items.add(file);
      dropped[spec.path] = file;
    }
    return transfer;
  }, files);
}

/** The bytes of a file dropped earlier, brought over from the page. */
export async function droppedBytes(page: Page, path: string): Promise<Buffer> {
  const dataUrl = await page.evaluate(
    (key) =>
      new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result as string);
        reader.onerror = () => reject(new Error('cannot read the dropped file'));
        reader.readAsDataURL(window.dropped![key]!);
      }),
    path,
  );
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}
