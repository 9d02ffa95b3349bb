/**
 * Reading what was dropped or picked in a browser. A DataTransfer empties once
 * its event is over, so `droppedRoots` must run inside the drop handler; the
 * walk of dropped folders (`collectDroppedFiles`) may finish later.
 */
import { collectDroppedFiles, relativePathOf, type DroppedEntry, type PickedFile } from './dropped-files';

type Root = { entry: DroppedEntry<File> } | { file: File };

function adapt(entry: FileSystemEntry): DroppedEntry<File> {
  if (entry.isDirectory) {
    const directory = entry as FileSystemDirectoryEntry;
    return {
      isFile: false,
      isDirectory: true,
      name: directory.name,
      createReader() {
        const reader = directory.createReader();
        return { readEntries: (success, failure) => reader.readEntries((entries) => success(entries.map(adapt)), failure) };
      },
    };
  }
  const file = entry as FileSystemFileEntry;
  return { isFile: true, isDirectory: false, name: file.name, file: (success, failure) => file.file(success, failure) };
}

/** The dropped items, taken synchronously (call this inside the drop handler). */
export function droppedRoots(dataTransfer: DataTransfer): Root[] {
  const roots: Root[] = [];
  for (const item of Array.from(dataTransfer.items)) {
    if (item.kind !== 'file') continue;
    // Entries exist for real drags from the system; a page-made DataTransfer has only files.
    const entry = item.webkitGetAsEntry?.();
    if (entry) roots.push({ entry: adapt(entry) });
    else {
      const file = item.getAsFile();
      if (file) roots.push({ file });
    }
  }
  if (roots.length === 0) for (const file of Array.from(dataTransfer.files)) roots.push({ file });
  return roots;
}

/** Every file under the dropped roots, with its path relative to the drop target. */
export async function droppedFiles(roots: readonly Root[]): Promise<Array<PickedFile<File>>> {
  const out: Array<PickedFile<File>> = [];
  for (const root of roots) {
    if ('file' in root) out.push({ file: root.file, relativePath: relativePathOf(root.file) });
    else out.push(...(await collectDroppedFiles([root.entry])));
  }
  return out;
}

/** Files chosen with an <input type=file> (with webkitdirectory they carry 'folder/sub/name'). */
export function pickedFiles(files: FileList | null): Array<PickedFile<File>> {
  return Array.from(files ?? [], (file) => ({ file, relativePath: relativePathOf(file) }));
}

let inputs: { files?: HTMLInputElement; folder?: HTMLInputElement } = {};

/**
 * Opens the browser's file chooser (for files, or a folder) and resolves with
 * the choice, empty when cancelled. Must be called from a user gesture.
 */
export function chooseInBrowser(kind: 'files' | 'folder'): Promise<Array<PickedFile<File>>> {
  let input = inputs[kind];
  if (!input) {
    input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    if (kind === 'folder') input.webkitdirectory = true;
    input.hidden = true;
    input.dataset.testid = kind === 'folder' ? 'upload-folder-input' : 'upload-files-input';
    document.body.append(input);
    inputs = { ...inputs, [kind]: input };
  }
  const element = input;
  element.value = '';
  return new Promise((resolve) => {
    const done = (files: Array<PickedFile<File>>) => {
      element.onchange = null;
      element.oncancel = null;
      resolve(files);
    };
    element.onchange = () => done(pickedFiles(element.files));
    element.oncancel = () => done([]);
    element.click();
  });
}
