/**
 * What kind of file an entry is, for the grid's icons and whether it has a
 * thumbnail: the MIME main type the service reports (File Storage:
 * `extras.maintype`), else guessed from the name's extension. Pure.
 */
import type { RemoteEntry } from '@shared/contract/locations';
import type { IconName } from '../../components/Icon';

const BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image', jpeg: 'image', png: 'image', gif: 'image', webp: 'image', bmp: 'image', avif: 'image',
  mp3: 'audio', wav: 'audio', ogg: 'audio', flac: 'audio', m4a: 'audio', aac: 'audio',
  mp4: 'video', webm: 'video', mkv: 'video', mov: 'video', avi: 'video',
  txt: 'text', md: 'text', csv: 'text', html: 'text',
};

export function mainType(entry: Pick<RemoteEntry, 'path' | 'extras'>): string | undefined {
  const reported = entry.extras.maintype;
  if (typeof reported === 'string' && reported !== '') return reported.toLowerCase();
  const dot = entry.path.lastIndexOf('.');
  return dot > entry.path.lastIndexOf('/') ? BY_EXTENSION[entry.path.slice(dot + 1).toLowerCase()] : undefined;
}

export function mediaIcon(type: string | undefined): IconName {
  return type === 'image' || type === 'audio' || type === 'video' ? type : 'file';
}

/** Thumbnails come in steps of this many device pixels, so a small resize of the window asks for no new images. */
const SIZE_STEP = 64;

/** The edge to ask a thumbnail for, in device pixels, for a square of `cssPixels` on a screen of `devicePixelRatio`. */
export function thumbnailEdge(cssPixels: number, devicePixelRatio: number, max: number): number {
  const device = Math.max(1, cssPixels) * Math.max(1, devicePixelRatio || 1);
  return Math.min(max, Math.ceil(device / SIZE_STEP) * SIZE_STEP);
}
