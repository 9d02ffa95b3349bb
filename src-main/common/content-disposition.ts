/**
 * The Content-Disposition of a download, shared by every server that sends
 * files (the storage node's object downloads, headless mode's browser
 * downloads): `attachment` with an ASCII fallback and the exact UTF-8 name
 * (RFC 6266 / RFC 5987), so no name can break out of the header.
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
