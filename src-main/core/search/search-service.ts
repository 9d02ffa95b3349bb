/**
 * Runs the steps of searches (search-walk.ts) and stops them: each search the
 * renderer names has at most one step in flight, and `cancel` aborts it (the
 * provider's request included). A new step of the same search replaces the
 * one in flight. Ids cancelled before their step arrived (the two calls may
 * cross on the wire) are remembered, a bounded few, so that step never starts.
 */
import { AppError, AppErrorCode } from '@shared/contract/define';
import { pathPrefixProblem } from '@shared/jcs/object-path';
import type { SearchPage } from '@shared/contract/search';
import type { StorageProvider } from '../../providers/storage-provider';
import { searchStep } from './search-walk';

const DEFAULT_MAX_RESULTS = 200;
const REMEMBERED_CANCELS = 256;

export interface SearchRequest {
  connectionId: string;
  root: string;
  prefix: string;
  query: string;
  searchId: string;
  token?: string;
  maxResults?: number;
}

export class SearchService {
  private readonly running = new Map<string, AbortController>();
  private readonly cancelled = new Set<string>();

  constructor(private readonly providerOf: (connectionId: string) => StorageProvider) {}

  async page(request: SearchRequest): Promise<SearchPage> {
    const { prefix, searchId } = request;
    if (prefix !== '' && !prefix.endsWith('/')) throw new AppError(AppErrorCode.InvalidInput, `prefix: a folder prefix must be empty or end with '/'`);
    const problem = pathPrefixProblem(prefix);
    if (problem) throw new AppError(AppErrorCode.InvalidInput, `prefix: '${prefix}' ${problem}`);
    if (this.cancelled.has(searchId)) throw stopped();
    const provider = this.providerOf(request.connectionId);
    if (provider.capabilities.folders === 'none') throw new AppError(AppErrorCode.Unsupported, 'this service has no folders: its filter searches the whole space');
    this.running.get(searchId)?.abort();
    const controller = new AbortController();
    this.running.set(searchId, controller);
    try {
      return await searchStep(provider, { root: request.root, prefix, query: request.query, maxResults: request.maxResults ?? DEFAULT_MAX_RESULTS, signal: controller.signal, ...(request.token !== undefined && { token: request.token }) });
    } catch (error) {
      if (controller.signal.aborted) throw stopped();
      throw error;
    } finally {
      if (this.running.get(searchId) === controller) this.running.delete(searchId);
    }
  }

  cancel(searchId: string): void {
    const step = this.running.get(searchId);
    this.running.delete(searchId);
    step?.abort();
    this.cancelled.add(searchId);
    if (this.cancelled.size > REMEMBERED_CANCELS) this.cancelled.delete(this.cancelled.values().next().value as string);
  }

  /** Steps in flight (for tests and diagnostics). */
  get inFlight(): number {
    return this.running.size;
  }
}

function stopped(): AppError {
  return new AppError(AppErrorCode.Cancelled, 'the search was stopped');
}
