/**
 * The sync side of the remote path gate, on the real JCS provider against the hostile
 * service: a listing's bad entries are reported (path shown safely, reason,
 * code UnsafeRemotePath) and skipped, counted as "present, never deleted" —
 * with the look-alike they could be taken for unless the listing has that
 * path too — and the good entries are returned; an exact lookup answered with
 * another path fails instead of reading as "not there".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { REJECTED_LOG_LIMIT, rejectedLogLines, scanRemote, statRemote, type RejectedRemoteEntry } from '../../src-main/core/sync/remote-scan';
import { PathFilter } from '../../src-main/core/sync/path-filter';
import type { RemoteSide } from '../../src-main/core/sync/remote-side';
import { JcsProvider } from '../../src-main/providers/jcs/jcs-provider';
import { HostileJcs } from '../helpers/hostile-jcs';
import { startTestNode, type TestNode } from '../helpers/storage-node';

let node: TestNode | undefined;
let hostile: HostileJcs | undefined;
let provider: JcsProvider | undefined;

afterEach(async () => {
  provider?.close();
  await hostile?.close();
  await node?.dispose();
  node = hostile = provider = undefined;
});

/** The provider's side for the package named `name` (its root id found by listing, as the app does), at `sync/`. */
async function side(bucketName: string, packageName: string): Promise<RemoteSide> {
  const bucket = (await provider!.listRoots(null)).find((r) => r.name === bucketName)!;
  const pkg = (await provider!.listRoots(bucket.id)).find((r) => r.name === packageName)!;
  return { connectionId: 'hostile', provider: provider!, root: pkg.id, remotePath: 'sync/' };
}

describe('scanRemote against a hostile listing', () => {
  it('returns the good entries, reports and skips the bad ones, and protects their look-alikes', async () => {
    node = await startTestNode({ credentials: null });
    hostile = await HostileJcs.start(node.node.url);
    provider = new JcsProvider({ baseUrl: hostile.url });
    const bucket = await node.client.createBucket('b');
    const pkg = await node.client.createPackage(bucket.bucketID, 'p');
    const put = (path: string) => node!.client.uploadObjects(pkg.packageID, [{ path, body: Buffer.from(path) }]);
    await put('sync/good.txt');
    await put('sync/dir/also-good.txt');
    await put('sync/twin.txt');
    const aliases: Record<string, string> = {
      'sync/p1': 'sync/../victim.txt',
      'sync/p2': 'sync/dir/./lookalike.txt', // a/./b reads as a/b: dir/lookalike.txt must not be "deleted"
      'sync/p3': 'sync/./twin.txt', // its look-alike is listed for real: that one syncs normally
      'sync/p4': 'sync/evil\u001b[2J.txt',
      'sync/p5': 'elsewhere/x.txt',
    };
    for (const [real, alias] of Object.entries(aliases)) {
      await put(real);
      hostile.aliases.set(real, alias);
    }

    const filtered = new Set<string>();
    const rejected: RejectedRemoteEntry[] = [];
    const files = await scanRemote(await side('b', 'p'), new PathFilter([], []), undefined, filtered, (entry) => rejected.push(entry));

    expect([...files.keys()].sort()).toEqual(['dir/also-good.txt', 'good.txt', 'twin.txt']);
    expect([...filtered].sort()).toEqual(['../victim.txt', './twin.txt', 'dir/./lookalike.txt', 'dir/lookalike.txt', 'evil\u001b[2J.txt'].sort());
    expect(rejected.map((r) => [r.path, r.problem.reason])).toEqual(
      expect.arrayContaining([
        ['sync/../victim.txt', 'dotSegment'],
        ['sync/dir/./lookalike.txt', 'dotSegment'],
        ['sync/./twin.txt', 'dotSegment'],
        ['sync/evil\u001b[2J.txt', 'controlCharacter'],
        ['elsewhere/x.txt', 'notUnderFolder'],
      ]),
    );
    expect(rejected).toHaveLength(5);
    const evil = rejected.find((r) => r.problem.reason === 'controlCharacter')!;
    expect(evil.message).toBe("'sync/evil\\u001b[2J.txt' contains a control character (controlCharacter); it was skipped");

    // As activity-log lines: each entry with its path shown escaped, and no flood from a listing of many.
    expect(rejectedLogLines([evil])).toEqual([{ message: evil.message, path: 'sync/evil\\u001b[2J.txt' }]);
    const many = rejectedLogLines(Array.from({ length: REJECTED_LOG_LIMIT + 7 }, () => evil));
    expect(many).toHaveLength(REJECTED_LOG_LIMIT + 1);
    expect(many[REJECTED_LOG_LIMIT]!.path).toBeNull();
    expect(many[REJECTED_LOG_LIMIT]!.message).toMatch(/^7 more entries of the remote listing were skipped \(UnsafeRemotePath\)/);
  });

  it('statRemote refuses an exact lookup answered with another path instead of reading it as "not there"', async () => {
    node = await startTestNode({ credentials: null });
    hostile = await HostileJcs.start(node.node.url);
    provider = new JcsProvider({ baseUrl: hostile.url });
    const bucket = await node.client.createBucket('b');
    const pkg = await node.client.createPackage(bucket.bucketID, 'p');
    await node.client.uploadObjects(pkg.packageID, [{ path: 'sync/a.txt', body: Buffer.from('a') }]);
    const task = await side('b', 'p');
    expect(await statRemote(task, 'a.txt')).toMatchObject({ size: 1 });
    hostile.aliases.set('sync/a.txt', 'sync/../a.txt');
    // The hostile service maps a lookup of the alias back to the object; a lookup of the real path answers with the alias.
    await expect(statRemote(task, 'a.txt')).rejects.toMatchObject({ code: 'UnsafeRemotePath' });
  });
});
