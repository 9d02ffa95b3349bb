/**
 * The page's Content-Security-Policy, defined once for every way the renderer
 * is served: headless mode sends it as a header, the built page carries it in
 * a <meta> tag (the desktop window loads the files from disk, with no server
 * to send a header), and the dev server gets a looser variant derived from it.
 * Only our own scripts, styles and connections; nothing inline; no framing.
 */
type Directives = Readonly<Record<string, readonly string[]>>;

const POLICY: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  // Thumbnails: the headless route is 'self'; the desktop app serves them on its own scheme, THUMBNAIL_SCHEME
  // (src-shared/thumbnails/thumbnail-request.ts; written out here because Vite's config loads this file and
  // imports nothing else; csp.test.ts checks the two agree).
  'img-src': ["'self'", 'data:', 'jcs-thumb:', 'jcs-preview:'],
  // Previews (src-shared/preview/preview-request.ts; PREVIEW_SCHEME on the desktop): audio and video, a PDF in a
  // frame, a text file fetched. What they send is sandboxed by their own CSP (src-main/core/preview/).
  'media-src': ["'self'", 'jcs-preview:'],
  'frame-src': ["'self'", 'jcs-preview:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'", 'jcs-preview:'],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

function serialize(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

function without(directives: Directives, name: string): Directives {
  return Object.fromEntries(Object.entries(directives).filter(([key]) => key !== name));
}

/** As an HTTP header (headless mode). */
export const CONTENT_SECURITY_POLICY = serialize(POLICY);

/** In the page's <meta> tag: browsers ignore frame-ancestors there (and warn about it), so it is left out. */
export const META_CONTENT_SECURITY_POLICY = serialize(without(POLICY, 'frame-ancestors'));

/** For Vite's dev server: its HMR client needs inline scripts and styles, and a WebSocket back to it. */
export const DEV_CONTENT_SECURITY_POLICY = serialize({
  ...without(POLICY, 'frame-ancestors'),
  'default-src': ["'self'"],
  'script-src': [...POLICY['script-src']!, "'unsafe-inline'"],
  'style-src': [...POLICY['style-src']!, "'unsafe-inline'"],
  'connect-src': [...POLICY['connect-src']!, 'ws:', 'http://localhost:*'],
});
