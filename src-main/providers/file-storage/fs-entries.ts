/**
 * File records of the service as provider entries. The path is the file's
 * name (the service is flat); `ref` is its id, which is what every operation
 * acts on, since names are not unique here. The etag is passed on as an
 * opaque tag, never as a content hash: the seed only says it identifies equal
 * content, not how it is computed.
 */
import type { RemoteEntry } from '../storage-provider';
import type { WireFile } from './fs-wire';

function rfc3339(ms: number): string {
  const date = new Date(ms);
  return Number.isFinite(date.getTime()) ? date.toISOString() : new Date(0).toISOString();
}

export function entryOf(file: WireFile): RemoteEntry {
  return {
    path: file.name,
    size: file.size,
    modified: rfc3339(file.updated),
    etag: file.etag,
    ref: file.id,
    // The id and the etag together: a file replaced under the same id (never, by the seed) or with other bytes changes it.
    version: `${file.id}:${file.etag}:${file.size}:${file.updated}`,
    extras: {
      id: file.id,
      maintype: file.maintype,
      subtype: file.subtype,
      ...(file.owner !== undefined ? { owner: file.owner } : {}),
      created: rfc3339(file.created),
    },
  };
}

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff', svg: 'image/svg+xml', heic: 'image/heic', avif: 'image/avif',
  mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', flac: 'audio/flac', m4a: 'audio/mp4', aac: 'audio/aac',
  mp4: 'video/mp4', webm: 'video/webm', mov: 'video/quicktime', mkv: 'video/x-matroska', avi: 'video/x-msvideo',
  txt: 'text/plain', csv: 'text/csv', html: 'text/html', md: 'text/markdown', json: 'application/json', pdf: 'application/pdf', zip: 'application/zip',
};

/** The MIME type sent with an upload, from the name: the service files it by main type (images get thumbnails). */
export function mimeTypeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot > 0 && MIME_BY_EXTENSION[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}

/**
 * UTF-8 byte order without encoding (a snapshot of 20,000 names sorts
 * without allocating): UTF-16 units compare like UTF-8 bytes except that
 * surrogates (U+D800–DFFF, the halves of code points above U+FFFF) sort
 * below U+E000–FFFF in UTF-16 but above them in UTF-8.
 */
export function utf8Compare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && x <= 0xdfff) x += 0x10000;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x10000;
    return x - y;
  }
  return a.length - b.length;
}

/** Byte-wise UTF-8 order of names, then ids: the order path-order listings promise, with duplicates kept apart. */
export function byNameThenId(a: Pick<WireFile, 'name' | 'id'>, b: Pick<WireFile, 'name' | 'id'>): number {
  const byName = utf8Compare(a.name, b.name);
  return byName !== 0 ? byName : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
