import { describe, expect, it } from 'vitest';
import type { RemoteEntry } from '@shared/contract/locations';
import { DRAG_OUT_MAX_OBJECTS } from '@shared/contract/operations';
import { folderEntry, objectEntry } from './listing';
import { downloadRequest, dragOutPlan, isDragOutPath } from './targets';

let nextId = 1;
/** A file entry; `ref` null: the service gives no handle for it. */
function file(path: string, size = 3, ref: string | null = String(nextId++)) {
  const entry: RemoteEntry = { path, size, modified: '2024-01-01T00:00:00Z', ...(ref !== null ? { ref } : {}), verifiable: true, extras: {} };
  return objectEntry(entry, 0);
}

describe('downloadRequest', () => {
  it('downloads the stored part of the selection', () => {
    const a = file('docs/a.txt', 5);
    const noRef = file('docs/b.txt', 7, null);
    expect(downloadRequest('docs/', [a, noRef, folderEntry('docs/sub/'), folderEntry('docs/new/', true)])).toEqual([
      { type: 'object', path: 'docs/a.txt', ref: a.entry.ref, size: 5 },
      { type: 'object', path: 'docs/b.txt', size: 7 },
      { type: 'folder', prefix: 'docs/sub/' },
    ]);
  });

  it('has nothing to download when only view-only folders are selected', () => {
    expect(downloadRequest('', [folderEntry('new/', true)])).toBeNull();
  });

  it('with nothing selected takes the folder being viewed, or at the top the whole root', () => {
    expect(downloadRequest('docs/sub/', [])).toEqual([{ type: 'folder', prefix: 'docs/sub/' }]);
    expect(downloadRequest('', [])).toBeUndefined();
  });
});

describe('dragOutPlan', () => {
  it('hands over files by path and ref', () => {
    const a = file('a.txt');
    const b = file('x/b.bin', 3, null);
    expect(dragOutPlan([a, b])).toEqual({ objects: [{ path: 'a.txt', ref: a.entry.ref }, { path: 'x/b.bin' }] });
  });

  it('refuses folders and more files than one drag takes', () => {
    expect(dragOutPlan([file('a.txt'), folderEntry('docs/')])).toEqual({ problem: 'folders' });
    expect(dragOutPlan([])).toEqual({ problem: 'folders' });
    expect(dragOutPlan(Array.from({ length: DRAG_OUT_MAX_OBJECTS }, (_, i) => file(`f${i}`)))).toHaveProperty('objects');
    expect(dragOutPlan(Array.from({ length: DRAG_OUT_MAX_OBJECTS + 1 }, (_, i) => file(`f${i}`)))).toEqual({ problem: 'tooMany' });
  });
});

describe('isDragOutPath', () => {
  it('knows files in a drag-out staging folder on every system', () => {
    expect(isDragOutPath('/tmp/jcs-desktop-drag-Ab12Cd/report.pdf')).toBe(true);
    expect(isDragOutPath('C:\\Users\\me\\AppData\\Local\\Temp\\jcs-desktop-drag-Ab12Cd\\report.pdf')).toBe(true);
  });

  it('does not take other files for one', () => {
    expect(isDragOutPath('/home/me/report.pdf')).toBe(false);
    expect(isDragOutPath('/tmp/jcs-desktop-drag-Ab12Cd/')).toBe(false);
    expect(isDragOutPath('/tmp/jcs-desktop-drag-Ab12Cd/sub/report.pdf')).toBe(false);
    expect(isDragOutPath('')).toBe(false);
  });
});
