import { describe, expect, it } from 'vitest';
import { PREVIEW_SCHEME } from '../preview/preview-request';
import { THUMBNAIL_SCHEME } from '../thumbnails/thumbnail-request';
import { CONTENT_SECURITY_POLICY, DEV_CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from './csp';

const directives = (policy: string): Record<string, string[]> => Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));

describe('content security policy', () => {
  it('is strict, and the meta tag copy is the header less what a meta tag cannot say', () => {
    expect(directives(CONTENT_SECURITY_POLICY)).toMatchObject({ 'default-src': ["'none'"], 'script-src': ["'self'"], 'connect-src': ["'self'", `${PREVIEW_SCHEME}:`], 'frame-ancestors': ["'none'"] });
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|\*|http:|ws:/);
    expect(META_CONTENT_SECURITY_POLICY).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
  });

  it('allows images from the page itself, data: and the desktop thumbnail and preview schemes only', () => {
    expect(directives(CONTENT_SECURITY_POLICY)['img-src']).toEqual(["'self'", 'data:', `${THUMBNAIL_SCHEME}:`, `${PREVIEW_SCHEME}:`]);
  });

  it('lets previews play and frame from the page itself and the desktop preview scheme only', () => {
    for (const name of ['media-src', 'frame-src']) expect(directives(CONTENT_SECURITY_POLICY)[name], name).toEqual(["'self'", `${PREVIEW_SCHEME}:`]);
  });

  it('loosens only what the dev server needs', () => {
    const dev = directives(DEV_CONTENT_SECURITY_POLICY);
    const meta = directives(META_CONTENT_SECURITY_POLICY);
    expect(dev['script-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev['connect-src']).toEqual(["'self'", `${PREVIEW_SCHEME}:`, 'ws:', 'http://localhost:*']);
    for (const name of ['img-src', 'font-src', 'base-uri', 'form-action']) expect(dev[name], name).toEqual(meta[name]);
  });
});
