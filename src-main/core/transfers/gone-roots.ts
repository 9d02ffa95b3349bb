/**
 * Roots found deleted while transfers go into (or come from) them. A package
 * deleted elsewhere makes every job of a batch into it fail the same way;
 * asking the service once, and then failing the rest from what it said,
 * gives the user one clear reason ("the package 'photos' no longer exists")
 * instead of one not-found per file, and the service a handful of requests
 * instead of a storm (multipart jobs would otherwise start over and over).
 *
 * Only the service's own answer to `getRoot` makes a root gone: a not-found
 * about one object or upload is no reason to fail a whole batch. What is
 * known is forgotten when the user asks again (a retry, new jobs): the next
 * job into the root asks the service again.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import { ProviderError, ProviderErrorCode } from '../../providers/provider-errors';
import type { StorageProvider } from '../../providers/storage-provider';
import type { KnownRoot } from '../connections/root-names';

/** How long the one `getRoot` that decides may take. */
const CHECK_TIMEOUT_MS = 30_000;

/** A refusal saying that what was named does not exist (any more): the hint to ask about the root. */
export function isNotFound(error: unknown): boolean {
  return (error instanceof ProviderError && error.code === ProviderErrorCode.DataNotFound) || (error instanceof AppError && error.code === AppErrorCode.DataNotFound);
}

export class GoneRoots {
  private readonly gone = new Map<string, AppError>();
  private readonly checks = new Map<string, Promise<AppError | undefined>>();

  constructor(private readonly knownRoot: (connectionId: string, rootId: string) => KnownRoot | undefined) {}

  /** The failure for jobs of `root`, once it is known to be gone. */
  get(connectionId: string, root: string): AppError | undefined {
    return this.gone.get(key(connectionId, root));
  }

  /** Asks the service whether `root` still exists (one question at a time per root, shared by whoever asks meanwhile). */
  check(provider: StorageProvider, connectionId: string, root: string): Promise<AppError | undefined> {
    const k = key(connectionId, root);
    const known = this.gone.get(k);
    if (known) return Promise.resolve(known);
    let pending = this.checks.get(k);
    if (!pending) {
      pending = provider.getRoot(root, AbortSignal.timeout(CHECK_TIMEOUT_MS)).then(
        () => undefined,
        (error: unknown) => {
          if (!isNotFound(error)) return undefined; // unreachable, refused: that is not "gone"
          const failure = goneError(provider, this.knownRoot(connectionId, root));
          this.gone.set(k, failure);
          return failure;
        },
      );
      pending.finally(() => this.checks.delete(k)).catch(() => undefined);
      this.checks.set(k, pending);
    }
    return pending;
  }

  /** The user asks again: every root is asked about afresh. */
  forgetAll(): void {
    this.gone.clear();
  }
}

function goneError(provider: StorageProvider, known: KnownRoot | undefined): AppError {
  const levels = provider.capabilities.rootLevels;
  // Transfers go into roots that hold content: the last level, unless the root was seen at another.
  const noun = levels[known?.level ?? levels.length - 1]?.key ?? 'root';
  const what = known ? `the ${noun} '${known.name}'` : `the ${noun}`;
  return new AppError(AppErrorCode.RootGone, `${what} no longer exists (it was deleted elsewhere)`, { params: known ? { noun, name: known.name } : { noun } });
}

const key = (connectionId: string, root: string) => `${connectionId}\u0000${root}`;
