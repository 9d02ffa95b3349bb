/**
 * Search across folders (src-main/core/search) against a real storage node
 * through the JCS provider: the walk's matches (objects and folders, by name,
 * ignoring case, CJK names too), steps that resume where the last one stopped
 * (also in the middle of a provider page), a prefix that limits the walk,
 * tokens of another search refused, and cancellation of a step in flight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, AppErrorCode } from '../../src-shared/contract/define';
import type { SearchMatch } from '../../src-shared/contract/search';
import { JcsProvider } from '../../src-main/providers/jcs/jcs-provider';
import { packageRootId } from '../../src-main/providers/jcs/jcs-root-ids';
import { SearchService, type SearchRequest } from '../../src-main/core/search/search-service';
import { putObjects } from '../helpers/core';
import { startTestNode, type TestNode } from '../helpers/storage-node';

const FILLER = 2_500;
const describeMatch = (m: SearchMatch) => (m.kind === 'folder' ? `folder ${m.prefix}` : m.entry.path);

describe('search across folders', () => {
  let node: TestNode;
  let provider: JcsProvider;
  let service: SearchService;
  let root: string;
  let searchCount = 0;

  beforeAll(async () => {
    node = await startTestNode();
    provider = new JcsProvider({ baseUrl: node.node.url, credentials: node.credentials });
    service = new SearchService(() => provider);
    const bucket = await node.client.createBucket('search');
    const pkg = await node.client.createPackage(bucket.bucketID, 'p');
    root = packageRootId(pkg.packageID);
    const filler = Array.from({ length: FILLER }, (_, i) => `bulk/${String(i).padStart(5, '0')}.bin`);
    await putObjects(node.client, pkg.packageID, [
      ...filler,
      'docs/report-2024.txt',
      'docs/notes.md',
      'docs/Reports/q1.txt',
      'docs/Reports/q2.txt',
      'photos/报告/图片.png',
      'photos/a.jpg',
      'top-REPORT.txt',
      'zz/after-the-filler-report.txt',
      '.jcs-uploads/staged-report',
    ]);
  }, 60_000);
  afterAll(async () => {
    provider?.close();
    await node?.dispose();
  });

  /** Every step of one search, with a fresh id, until the walk ends. */
  async function searchAll(request: Omit<SearchRequest, 'connectionId' | 'searchId' | 'root'>): Promise<{ matches: string[]; steps: number; scanned: number }> {
    const searchId = `test-search-${++searchCount}`;
    const matches: string[] = [];
    let token: string | undefined;
    let steps = 0;
    let scanned = 0;
    do {
      const page = await service.page({ connectionId: 'x', root, searchId, ...request, ...(token !== undefined && { token }) });
      matches.push(...page.matches.map(describeMatch));
      scanned += page.scanned;
      token = page.nextToken ?? undefined;
      steps++;
    } while (token !== undefined);
    return { matches, steps, scanned };
  }

  it('finds objects and folders by name in every folder, ignoring case, in path order, each once', async () => {
    const result = await searchAll({ prefix: '', query: 'report' });
    expect(result.matches).toEqual(['folder docs/Reports/', 'docs/report-2024.txt', 'top-REPORT.txt', 'zz/after-the-filler-report.txt']);
    // The walk went through every object (the staging folder's too, which is never a match), in more than one step.
    expect(result.scanned).toBe(FILLER + 9);
  });

  it('matches CJK names, and only the last segment of a path', async () => {
    expect((await searchAll({ prefix: '', query: '报告' })).matches).toEqual(['folder photos/报告/']);
    expect((await searchAll({ prefix: '', query: 'photos' })).matches).toEqual(['folder photos/']);
  });

  it('resumes in the middle of a provider page when a step is full, losing and repeating nothing', async () => {
    const result = await searchAll({ prefix: '', query: '.bin', maxResults: 250 });
    expect(result.matches).toHaveLength(FILLER);
    expect(new Set(result.matches).size).toBe(FILLER);
    expect(result.matches[0]).toBe('bulk/00000.bin');
    expect(result.matches[FILLER - 1]).toBe(`bulk/${String(FILLER - 1).padStart(5, '0')}.bin`);
    expect(result.steps).toBeGreaterThanOrEqual(FILLER / 250);
  });

  it('walks only under the prefix', async () => {
    expect((await searchAll({ prefix: 'docs/', query: 'q' })).matches).toEqual(['docs/Reports/q1.txt', 'docs/Reports/q2.txt']);
    expect((await searchAll({ prefix: 'docs/', query: 'docs' })).matches).toEqual([]);
  });

  it('refuses a token of another search and a malformed prefix, changing nothing', async () => {
    const first = await service.page({ connectionId: 'x', root, searchId: 'token-owner', prefix: '', query: 'bin', maxResults: 1 });
    expect(first.nextToken).not.toBeNull();
    await expect(service.page({ connectionId: 'x', root, searchId: 'token-thief', prefix: '', query: 'other', token: first.nextToken! })).rejects.toMatchObject({ code: AppErrorCode.InvalidInput });
    await expect(service.page({ connectionId: 'x', root, searchId: 'token-thief', prefix: '', query: 'bin', token: 'garbage' })).rejects.toMatchObject({ code: AppErrorCode.InvalidInput });
    await expect(service.page({ connectionId: 'x', root, searchId: 'bad-prefix', prefix: 'docs', query: 'q' })).rejects.toMatchObject({ code: AppErrorCode.InvalidInput });
    expect(service.inFlight).toBe(0);
  });

  it('stops a step in flight when its search is cancelled, and never starts one cancelled before it came', async () => {
    const inFlight = service.page({ connectionId: 'x', root, searchId: 'to-cancel', prefix: '', query: 'nothing-matches-this' });
    expect(service.inFlight).toBe(1);
    service.cancel('to-cancel');
    const error = await inFlight.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(AppErrorCode.Cancelled);
    expect(service.inFlight).toBe(0);
    await expect(service.page({ connectionId: 'x', root, searchId: 'to-cancel', prefix: '', query: 'report' })).rejects.toMatchObject({ code: AppErrorCode.Cancelled });
  });
});
