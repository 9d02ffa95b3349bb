/**
 * Which object operations a connection's service can do, decided by its
 * provider's capabilities before anything is sent. An operation it cannot do
 * is refused with `Unsupported` and a message saying what is missing, never
 * done some other way behind the user's back (a move is not faked as a copy
 * and a delete: a failure half way would leave both or neither).
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ObjectTarget } from '@shared/contract/domain';
import type { StorageProvider } from '../../providers/storage-provider';

function unsupported(message: string): AppError {
  return new AppError(AppErrorCode.Unsupported, message);
}

/** The word for the level of roots that hold objects ('package' on JCS). */
function rootWord(provider: StorageProvider): string {
  const levels = provider.capabilities.rootLevels;
  return levels[levels.length - 1]?.key ?? 'root';
}

export function requireDelete(provider: StorageProvider): NonNullable<StorageProvider['delete']> {
  if (!provider.capabilities.delete || !provider.delete) throw unsupported('this service cannot delete objects');
  return provider.delete.bind(provider);
}

/** The provider's move or copy, allowed for these roots. */
export function requireTransfer(provider: StorageProvider, mode: 'move' | 'copy', acrossRoots: boolean): NonNullable<StorageProvider['move']> {
  const caps = provider.capabilities;
  const possible = mode === 'move' ? caps.move && provider.move !== undefined : caps.copy && provider.copy !== undefined;
  if (!possible) throw unsupported(`this service cannot ${mode} objects`);
  if (acrossRoots && !(mode === 'move' ? caps.moveAcrossRoots : caps.copyAcrossRoots)) throw unsupported(`this service cannot ${mode} objects to another ${rootWord(provider)}`);
  return (root, items, targetRoot, signal) => (mode === 'move' ? provider.move!(root, items, targetRoot, signal) : provider.copy!(root, items, targetRoot, signal));
}

/**
 * How a target is renamed: by a move (an object or every object of a folder)
 * where the service moves, else by its rename (one object in its folder: a
 * folder's objects would have to change folders, which a rename cannot do).
 */
export function renameMethod(provider: StorageProvider, target: ObjectTarget): 'move' | 'rename' {
  const caps = provider.capabilities;
  if (caps.move && provider.move) return 'move';
  if (target.type === 'folder') throw unsupported('this service cannot rename folders (it cannot move objects)');
  if (caps.rename && provider.rename) return 'rename';
  throw unsupported('this service cannot rename objects');
}
