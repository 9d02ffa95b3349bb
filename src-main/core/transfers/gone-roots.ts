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
 *
 * Whoever finds a root gone says so once (`onGone`): a view still showing
 * it learns it is gone from that, not from the next failure the user meets.
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

  constructor(
    private readonly knownRoot: (connectionId: string, rootId: string) => KnownRoot | undefined,
    private readonly onGone: (connectionId: string, root: string) => void = () => undefined,
  ) {}

  /**
   * What a not-found from work on `root` (planning a batch, a job) tells the
   * user: the root's own absence when the service says the root is gone,
   * otherwise the error as it was.
   */
  async explain(error: unknown, provider: StorageProvider, connectionId: string, root: string): Promise<unknown> {
    if (!isNotFound(error)) return error;
    return (await this.check(provider, connectionId, root)) ?? error;
  }

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
          const first = !this.gone.has(k);
          this.gone.set(k, failure);
          if (first) this.onGone(connectionId, root);
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
  // Worded in the user's language from the params (errors.detail.RootGone), which need the name: without one, main's words stay.
  return new AppError(AppErrorCode.RootGone, `${what} no longer exists (it was deleted elsewhere)`, known ? { params: { rootLevel: noun, name: known.name } } : {});
}

const key = (connectionId: string, root: string) => `${connectionId}\u0000${root}`;
