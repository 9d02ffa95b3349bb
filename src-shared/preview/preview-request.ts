/**
 * A preview as the renderer asks for it: a URL (headless: a GET route on the
 * same origin; desktop: the app's own scheme) naming one object, answered
 * with its bytes under a content type chosen here, from the name, never from
 * the bytes or the service. What may run in a page (HTML, SVG, XML, scripts)
 * is sent as `text/plain`: a preview shows such a file as text and never
 * renders it. Both transports parse the query with the same schema.
 */
import { z } from 'zod';
import { rootIdSchema } from '../contract/locations';

/** The desktop app's scheme for previews (registered as privileged in src-main/app; allowed by the CSP's media-src, frame-src and connect-src). */
export const PREVIEW_SCHEME = 'jcs-preview';
/** The headless route. */
export const PREVIEW_ROUTE = '/api/preview';
/** Text and code previews show at most this many bytes from the start of the file. */
export const TEXT_PREVIEW_BYTES = 1024 * 1024;

export const previewRequestSchema = z
  .object({
    connectionId: z.string().min(1).max(200),
    root: rootIdSchema,
    path: z.string().min(1).max(4096),
    ref: z.string().min(1).max(200).optional(),
  })
  .strict();
export type PreviewRequest = z.infer<typeof previewRequestSchema>;

export function previewQuery(request: PreviewRequest): string {
  const query = new URLSearchParams({ connection: request.connectionId, root: request.root, path: request.path });
  if (request.ref !== undefined) query.set('ref', request.ref);
  return query.toString();
}

export function parsePreviewQuery(params: URLSearchParams): { ok: true; request: PreviewRequest } | { ok: false; message: string } {
  const ref = params.get('ref');
  const parsed = previewRequestSchema.safeParse({
    connectionId: params.get('connection') ?? undefined,
    root: params.get('root') ?? undefined,
    path: params.get('path') ?? undefined,
    ...(ref !== null ? { ref } : {}),
  });
  if (parsed.success) return { ok: true, request: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path[0] === 'connectionId' ? 'connection' : String(issue?.path[0] ?? 'query');
  return { ok: false, message: `${field}: ${issue?.message ?? 'invalid'}` };
}

export type PreviewKind = 'image' | 'text' | 'pdf' | 'audio' | 'video' | 'none';

interface KindAndType {
  kind: PreviewKind;
  contentType: string;
  /** highlight.js language for text and code ('plaintext' when none fits). */
  language?: string;
}

const TEXT = 'text/plain; charset=utf-8';

// Raster images only: an SVG is a document that can hold scripts, so it is text here.
const IMAGES: Readonly<Record<string, string>> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', bmp: 'image/bmp' };
const AUDIO: Readonly<Record<string, string>> = { mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/ogg', flac: 'audio/flac', m4a: 'audio/mp4', aac: 'audio/aac' };
const VIDEO: Readonly<Record<string, string>> = { mp4: 'video/mp4', m4v: 'video/mp4', webm: 'video/webm', ogv: 'video/ogg', mov: 'video/quicktime' };
const CODE: Readonly<Record<string, string>> = {
  txt: 'plaintext', log: 'plaintext', md: 'markdown', markdown: 'markdown', csv: 'plaintext', tsv: 'plaintext',
  json: 'json', yaml: 'yaml', yml: 'yaml', toml: 'ini', ini: 'ini', cfg: 'ini', conf: 'ini', env: 'ini',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript', ts: 'typescript', tsx: 'typescript',
  py: 'python', rb: 'ruby', go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', hpp: 'cpp',
  cs: 'csharp', php: 'php', sh: 'bash', bash: 'bash', zsh: 'bash', sql: 'sql', lua: 'lua', r: 'r', swift: 'swift',
  css: 'css', scss: 'scss', less: 'less', html: 'xml', htm: 'xml', xhtml: 'xml', xml: 'xml', svg: 'xml', vue: 'xml',
  dockerfile: 'dockerfile', makefile: 'makefile', diff: 'diff', patch: 'diff',
};

function extension(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : name; // "Makefile", "Dockerfile": the whole name
}

/** How an object at `path` is previewed, and the content type its bytes are sent under. */
export function previewKind(path: string): KindAndType {
  const ext = extension(path);
  if (IMAGES[ext]) return { kind: 'image', contentType: IMAGES[ext] };
  if (ext === 'pdf') return { kind: 'pdf', contentType: 'application/pdf' };
  if (AUDIO[ext]) return { kind: 'audio', contentType: AUDIO[ext] };
  if (VIDEO[ext]) return { kind: 'video', contentType: VIDEO[ext] };
  if (CODE[ext]) return { kind: 'text', contentType: TEXT, language: CODE[ext] };
  return { kind: 'none', contentType: 'application/octet-stream' };
}
