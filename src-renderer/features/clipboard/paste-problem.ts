/**
 * Why the items on the clipboard cannot be pasted into a folder (a string
 * key to translate, with its params), or undefined when they can. Pure:
 * unit-tested. Names taken at the destination are not a problem here: the
 * operation asks about them (replace, skip, keep both).
 */
import type { ClipboardItems } from './clipboard-store';

export interface PasteDestination {
  connectionId: string;
  root: string;
  folder: string;
}

export interface PasteAbilities {
  moveAcrossRoots: boolean;
  copyAcrossRoots: boolean;
}

export type PasteProblem = { key: 'empty' | 'otherConnection' | 'sameFolder' | 'intoItself' } | { key: 'otherRoot'; mode: 'move' | 'copy' };

export function pasteProblem(items: ClipboardItems | null, to: PasteDestination, abilities: PasteAbilities): PasteProblem | undefined {
  if (!items || items.targets.length === 0) return { key: 'empty' };
  if (items.connectionId !== to.connectionId) return { key: 'otherConnection' };
  const sameRoot = items.root === to.root;
  if (!sameRoot && !(items.mode === 'move' ? abilities.moveAcrossRoots : abilities.copyAcrossRoots)) return { key: 'otherRoot', mode: items.mode };
  if (!sameRoot) return undefined;
  if (items.targets.some((t) => t.type === 'folder' && to.folder.startsWith(t.prefix))) return { key: 'intoItself' };
  if (items.mode === 'move' && items.folder === to.folder) return { key: 'sameFolder' };
  return undefined;
}
