import { describe, expect, it } from 'vitest';
import { parsePreviewQuery, previewKind, previewQuery } from './preview-request';

describe('previewKind', () => {
  it('sends markup that could run as plain text, highlighted as XML', () => {
    for (const path of ['a/page.html', 'b.HTM', 'c.svg', 'd.xhtml', 'e.xml']) expect(previewKind(path), path).toEqual({ kind: 'text', contentType: 'text/plain; charset=utf-8', language: 'xml' });
  });

  it('gives raster images, PDF, audio and video their own types, code a language, and the rest no preview', () => {
    expect(previewKind('x/photo.JPG')).toEqual({ kind: 'image', contentType: 'image/jpeg' });
    expect(previewKind('doc.pdf')).toEqual({ kind: 'pdf', contentType: 'application/pdf' });
    expect(previewKind('song.mp3')).toEqual({ kind: 'audio', contentType: 'audio/mpeg' });
    expect(previewKind('clip.webm')).toEqual({ kind: 'video', contentType: 'video/webm' });
    expect(previewKind('src/app.tsx').language).toBe('typescript');
    expect(previewKind('Makefile').language).toBe('makefile');
    expect(previewKind('data.bin')).toEqual({ kind: 'none', contentType: 'application/octet-stream' });
  });
});

describe('preview query', () => {
  it('round-trips, and names the field that is wrong', () => {
    const request = { connectionId: 'local', root: 'p1', path: 'a/b c.txt', ref: '7' };
    expect(parsePreviewQuery(new URLSearchParams(previewQuery(request)))).toEqual({ ok: true, request });
    const bad = parsePreviewQuery(new URLSearchParams('connection=local&root=p1'));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/^path: /);
  });
});
