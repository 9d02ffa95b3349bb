/**
 * How service records become entries, and the name order path-order
 * listings use: the same as comparing UTF-8 bytes, for names from every
 * plane (checked against Buffer.compare on many random names).
 */
import { describe, expect, it } from 'vitest';
import { byNameThenId, entryOf, mimeTypeOf, utf8Compare } from '../../../src-main/providers/file-storage/fs-entries';

describe('File Storage entries', () => {
  it('maps a file record: path = name, ref = id, opaque etag and no hash, modified = updated as RFC 3339, the rest as extras', () => {
    const entry = entryOf({ id: '5b95f3a1c0ffee0000000abc', name: 'a b.jpg', size: 12, maintype: 'image', subtype: 'jpeg', etag: 'e1', owner: 'u1', created: Date.UTC(2024, 0, 2, 3, 4, 5, 6), updated: Date.UTC(2024, 5, 6, 7, 8, 9, 10) });
    expect(entry.version).toContain('5b95f3a1c0ffee0000000abc');
    expect({ ...entry, version: undefined }).toEqual({
      path: 'a b.jpg',
      size: 12,
      modified: '2024-06-06T07:08:09.010Z',
      etag: 'e1',
      ref: '5b95f3a1c0ffee0000000abc',
      version: undefined,
      extras: { id: '5b95f3a1c0ffee0000000abc', maintype: 'image', subtype: 'jpeg', owner: 'u1', created: '2024-01-02T03:04:05.006Z' },
    });
    expect(entry.hash).toBeUndefined();
    // Another etag (other bytes under the same id, were it to happen) is another version.
    expect(entryOf({ ...fileLike(), etag: 'x' }).version).not.toBe(entryOf({ ...fileLike(), etag: 'y' }).version);
  });

  it('guesses the MIME type an upload is sent with from the name', () => {
    expect(['p.JPG', 'a.png', 's.mp3', 'v.mp4', 'n.txt', 'noext', '.hidden', 'x.unknown'].map(mimeTypeOf)).toEqual([
      'image/jpeg',
      'image/png',
      'audio/mpeg',
      'video/mp4',
      'text/plain',
      'application/octet-stream',
      'application/octet-stream',
      'application/octet-stream',
    ]);
  });

  it('orders names as their UTF-8 bytes, across every plane, and equal names by id', () => {
    const alphabet = ['a', 'B', '_', '~', 'é', 'ß', '中', '\uE000', '\uFF21', '\uFFFD', '😀', '\u{10FFFF}', '\u{1F4A9}', '0'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) / 0x1000000;
    const names = Array.from({ length: 3000 }, () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    const byBytes = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...names].sort(utf8Compare)).toEqual(byBytes);
    expect(Math.sign(utf8Compare('\uFF21', '😀'))).toBe(-1); // EF BC A1 < F0 9F 98 80, though FF21 > D83D in UTF-16
    expect([{ name: 'a', id: '2' }, { name: 'a', id: '1' }, { name: 'A', id: '3' }].sort(byNameThenId).map((f) => f.id)).toEqual(['3', '1', '2']);
  });
});

function fileLike() {
  return { id: '5b95f3a1c0ffee0000000abc', name: 'f', size: 1, maintype: 'text', subtype: 'plain', etag: 'e', created: 1, updated: 2 };
}
