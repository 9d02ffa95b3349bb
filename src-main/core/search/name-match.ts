/**
 * What a search matches: the name of an object or of a folder (its last
 * segment), containing the query, ignoring case, with both in Unicode NFC (a
 * name typed on macOS and one stored from Windows compare equal). Folders are
 * found from the object paths of a recursive listing: listings come in
 * byte-wise path order, where every path under one folder sits together, so
 * a folder is new exactly when the path before it was not under it.
 */

export function searchKey(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The folders between `prefix` and the object at `path` (outermost first, as
 * full prefixes ending in '/') that `previous`, the path listed before it, was
 * not under.
 */
export function foldersEntered(prefix: string, path: string, previous: string | null): string[] {
  const entered: string[] = [];
  let end = path.indexOf('/', prefix.length);
  while (end >= 0) {
    const folder = path.slice(0, end + 1);
    if (previous === null || !previous.startsWith(folder)) entered.push(folder);
    end = path.indexOf('/', end + 1);
  }
  return entered;
}
