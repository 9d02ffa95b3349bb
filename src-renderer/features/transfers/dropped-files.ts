/**
 * What a browser drop or a folder picker holds, as the files to upload with
 * paths relative to the drop target: a dropped file is 'name', a dropped
 * folder's files are 'folder/sub/name' (empty folders are not stored, so they
 * yield nothing). The walk works on the File and Directory Entries API's
 * shapes, described structurally here so it is unit-tested in Node with fakes.
 */

export interface DroppedFileEntry<F> {
  readonly isFile: true;
  readonly isDirectory: false;
  readonly name: string;
  file(success: (file: F) => void, failure?: (error: unknown) => void): void;
}

export interface DroppedDirectoryEntry<F> {
  readonly isFile: false;
  readonly isDirectory: true;
  readonly name: string;
  createReader(): { readEntries(success: (entries: Array<DroppedEntry<F>>) => void, failure?: (error: unknown) => void): void };
}

export type DroppedEntry<F> = DroppedFileEntry<F> | DroppedDirectoryEntry<F>;

export interface PickedFile<F> {
  file: F;
  /** '/'-separated, relative to the drop target. */
  relativePath: string;
}

export function joinRelative(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

/** A picked file's relative path: the folder picker's webkitRelativePath when it has one, else its name. */
export function relativePathOf(file: { name: string; webkitRelativePath?: string }): string {
  const fromPicker = (file.webkitRelativePath ?? '').replace(/^\/+/, '');
  return fromPicker || file.name;
}

function readFile<F>(entry: DroppedFileEntry<F>): Promise<F> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** All children of a directory: readEntries answers in batches (about 100 in Chromium) until an empty one. */
async function readChildren<F>(entry: DroppedDirectoryEntry<F>): Promise<Array<DroppedEntry<F>>> {
  const reader = entry.createReader();
  const all: Array<DroppedEntry<F>> = [];
  for (;;) {
    const batch = await new Promise<Array<DroppedEntry<F>>>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/**
 * Every file under the dropped entries, depth first, names in code-point order
 * inside each folder (a stable order for the queue). `onProgress` hears the
 * count so far, for big folders.
 */
export async function collectDroppedFiles<F>(roots: ReadonlyArray<DroppedEntry<F>>, onProgress?: (found: number) => void): Promise<Array<PickedFile<F>>> {
  const out: Array<PickedFile<F>> = [];
  const visit = async (entry: DroppedEntry<F>, parent: string): Promise<void> => {
    const path = joinRelative(parent, entry.name);
    if (entry.isFile) {
      out.push({ file: await readFile(entry), relativePath: path });
      if (out.length % 500 === 0) onProgress?.(out.length);
      return;
    }
    const children = await readChildren(entry);
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) await visit(child, path);
  };
  for (const root of roots) await visit(root, '');
  return out;
}
