import { describe, expect, it } from 'vitest';
import type { CapabilitiesView } from '@shared/contract/locations';
import { actionRefusals, refusedWhileGone } from './allowed-actions';
import { folderEntry, objectEntry } from './listing';

const JCS: CapabilitiesView = {
  rootLevels: [
    { key: 'bucket', create: true, delete: true },
    { key: 'package', create: true, delete: true },
  ],
  hash: { algorithm: 'sha256', trusted: true },
  ranges: true,
  folders: 'prefix',
  move: true,
  moveAcrossRoots: true,
  copy: true,
  copyAcrossRoots: true,
  rename: true,
  delete: true,
  batchUpload: null,
  multipart: null,
  thumbnails: false,
  folderAsZip: false,
  maxObjectSize: null,
  reservedPrefixes: [],
  listQuery: null,
  usage: false,
  userSpaces: false,
};
/** A flat store that can only upload, download and delete (like the File Storage service). */
const FLAT: CapabilitiesView = { ...JCS, rootLevels: [{ key: 'space', create: false, delete: false }], folders: 'none', move: false, moveAcrossRoots: false, copy: false, copyAcrossRoots: false, rename: false };

const file = objectEntry({ path: 'a.txt', size: 1, modified: '2024-01-01T00:00:00Z', verifiable: false, extras: {} }, 0);
const folder = folderEntry('docs/');
const viewOnly = folderEntry('new/', true);

describe('actionRefusals', () => {
  it('refuses nothing a JCS service can do', () => {
    const r = actionRefusals(JCS);
    expect([r.remove([file, folder]), r.rename(file), r.rename(folder), r.transfer('move'), r.transfer('copy'), r.newFolder]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('refuses what a flat store cannot do, with the reason', () => {
    const r = actionRefusals(FLAT);
    expect(r.transfer('move')).toBe('browser.cannot.move');
    expect(r.transfer('copy')).toBe('browser.cannot.copy');
    expect(r.rename(file)).toBe('browser.cannot.rename');
    expect(r.newFolder).toBe('browser.cannot.folders');
    expect(r.remove([file])).toBeUndefined();
    expect(actionRefusals({ ...FLAT, delete: false }).remove([file])).toBe('browser.cannot.delete');
  });

  it('renames one object without a move, but a folder only with one', () => {
    const r = actionRefusals({ ...FLAT, folders: 'real', rename: true });
    expect(r.rename(file)).toBeUndefined();
    expect(r.rename(folder)).toBe('browser.cannot.renameFolder');
  });

  it('always lets the user rename or delete folders that exist only in the view', () => {
    const r = actionRefusals({ ...FLAT, delete: false });
    expect(r.rename(viewOnly)).toBeUndefined();
    expect(r.remove([viewOnly])).toBeUndefined();
  });
});

describe('refusedWhileGone', () => {
  it('refuses every action in a root deleted elsewhere, even what the service can do and view-only folders', () => {
    const r = refusedWhileGone(actionRefusals({ ...JCS, folderAsZip: true }));
    expect(r.newFolder).toBe('storage.gone.refused');
    expect(r.remove([file])).toBe('storage.gone.refused');
    expect(r.remove([viewOnly])).toBe('storage.gone.refused');
    expect(r.rename(folder)).toBe('storage.gone.refused');
    expect(r.transfer('copy')).toBe('storage.gone.refused');
    expect(r.folderAsZip).toBe(false);
    expect(r.publish).toBe('storage.gone.refused');
  });

  it('lets every kind of connection publish (reading is all it needs)', () => {
    expect([actionRefusals(JCS).publish, actionRefusals(FLAT).publish, actionRefusals(undefined).publish]).toEqual([undefined, undefined, undefined]);
  });
});
