/**
 * Two clients, one store: two cores (own data folders, own local folders)
 * sync twoWay to the same path of one package on one shared storage node,
 * added to each as a remote connection. Whatever either client creates,
 * changes, renames or deletes ends up the same on both; edits on both sides
 * of the same file keep both versions as a conflict copy on both clients.
 */
import { mkdirSync, renameSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../src-main/core/app-core';
import { callOk, jcsDraft } from '../helpers/core';
import { createTask, localTree, openSyncCore, readLocal, remoteTree, removeLocal, runTask, taskConfig, writeLocal, type Target } from '../helpers/sync';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

const CONFLICT = / \(conflict \d{4}-\d{2}-\d{2} \d{6}\)/;

interface Client {
  core: AppCore;
  root: string;
  taskId: string;
}

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let node: TestNode;
let packageId: number;
let a: Client;
let b: Client;

async function openClient(name: string, bucketId: number): Promise<Client> {
  const core = await openSyncCore(join(temp.path, `${name}-app`), { timings: { stableMs: 0 } });
  const connection = await callOk(core, 'connections.add', jcsDraft('shared node', node.node.url, node.credentials));
  const root = join(temp.path, `${name}-files`);
  mkdirSync(root);
  // The package's root id as the app finds it: by listing the connection's roots.
  const bucket = (await callOk(core, 'roots.list', { connectionId: connection.id, parentId: null })).find((r) => r.name === 'shared')!;
  const pkg = (await callOk(core, 'roots.list', { connectionId: connection.id, parentId: bucket.id })).find((r) => r.name === 'files')!;
  const target: Target = { connectionId: connection.id, root: pkg.id, bucketId, packageId };
  const task = await createTask(core, taskConfig(target, root, { name: `client ${name}`, remotePath: 'shared/' }));
  return { core, root, taskId: task.id };
}

const run = (c: Client) => runTask(c.core, c.taskId);
const remote = () => remoteTree(node.client, packageId, 'shared/');

/** Runs the clients in turn until a round changes nothing; then both folders and the remote path agree. */
async function converge(): Promise<Record<string, string>> {
  for (let round = 0; round < 4; round++) {
    await run(a);
    await run(b);
    const planA = await callOk(a.core, 'sync.preview', { id: a.taskId });
    const planB = await callOk(b.core, 'sync.preview', { id: b.taskId });
    if (planA.actions.length === 0 && planB.actions.length === 0) break;
  }
  const tree = await remote();
  expect(localTree(a.root)).toEqual(tree);
  expect(localTree(b.root)).toEqual(tree);
  return tree;
}

beforeAll(async () => {
  temp = await makeTempDir('jcs-sync-two');
  node = await startTestNode();
  const bucket = await node.client.createBucket('shared');
  packageId = (await node.client.createPackage(bucket.bucketID, 'files')).packageID;
  [a, b] = await Promise.all([openClient('a', bucket.bucketID), openClient('b', bucket.bucketID)]);
});

afterAll(async () => {
  await Promise.all([a?.core.close(), b?.core.close()]);
  await node?.dispose();
  await temp?.remove();
});

describe('two clients on one store', () => {
  it('merge what each had at the start', async () => {
    writeLocal(a.root, 'from-a.txt', 'a1');
    writeLocal(a.root, 'docs/plan.md', 'plan');
    writeLocal(b.root, 'from-b.txt', 'b1');
    writeLocal(b.root, 'same.txt', 'identical');
    writeLocal(a.root, 'same.txt', 'identical');
    expect(await converge()).toEqual({ 'docs/plan.md': 'plan', 'from-a.txt': 'a1', 'from-b.txt': 'b1', 'same.txt': 'identical' });
    expect((await callOk(a.core, 'sync.conflicts', { id: a.taskId })).length + (await callOk(b.core, 'sync.conflicts', { id: b.taskId })).length).toBe(0);
  });

  it('carry creations, edits, renames and deletions from either client to the other', async () => {
    writeLocal(a.root, 'from-a.txt', 'a2, edited on a');
    writeLocal(a.root, 'new/on-a.txt', 'new on a');
    removeLocal(b.root, 'from-b.txt');
    mkdirSync(join(b.root, 'archive'));
    renameSync(join(b.root, 'docs/plan.md'), join(b.root, 'archive/plan.md'));
    rmdirSync(join(b.root, 'docs'));
    expect(await converge()).toEqual({ 'archive/plan.md': 'plan', 'from-a.txt': 'a2, edited on a', 'new/on-a.txt': 'new on a', 'same.txt': 'identical' });

    // b deleted from-b.txt: it is in the shared remote trash and in a's local trash (a deleted its copy).
    // a's edit replaced from-a.txt: the old version is in the remote trash and in b's local trash.
    // The rename was a move on both sides: nothing of plan.md in any trash.
    const trashA = await callOk(a.core, 'sync.trash', { id: a.taskId });
    const trashB = await callOk(b.core, 'sync.trash', { id: b.taskId });
    expect(trashA.filter((e) => e.side === 'local').map((e) => e.path)).toEqual(['from-b.txt']);
    expect(trashB.filter((e) => e.side === 'local').map((e) => e.path)).toEqual(['from-a.txt']);
    expect(trashA.filter((e) => e.side === 'remote').map((e) => e.path).sort()).toEqual(['from-a.txt', 'from-b.txt']);
    expect(readLocal(b.root, trashB.find((e) => e.side === 'local')!.trashPath)).toBe('a1');
  });

  it('keep both versions when both clients edit the same file', async () => {
    writeLocal(a.root, 'same.txt', 'edited on a');
    writeLocal(b.root, 'same.txt', 'edited on b, later');
    await run(a); // a's edit reaches the store first
    await run(b); // b finds both sides changed: a conflict
    const tree = await converge();
    const copies = Object.keys(tree).filter((p) => CONFLICT.test(p));
    expect(copies).toHaveLength(1);
    expect(tree['same.txt']).toBe('edited on b, later');
    expect(tree[copies[0]!]).toBe('edited on a');
    expect(await callOk(b.core, 'sync.conflicts', { id: b.taskId })).toEqual([expect.objectContaining({ path: 'same.txt', keptAs: copies[0] })]);
  });

  it('an edit on one client wins over a deletion on the other', async () => {
    writeLocal(a.root, 'from-a.txt', 'a3, edited again');
    removeLocal(b.root, 'from-a.txt');
    await run(b); // the deletion reaches the store first
    const tree = await converge();
    expect(tree['from-a.txt']).toBe('a3, edited again');
  });

  it('agree on a folder emptied on one client', async () => {
    removeLocal(a.root, 'new');
    removeLocal(a.root, 'archive');
    const tree = await converge();
    expect(Object.keys(tree).filter((p) => p.startsWith('new/') || p.startsWith('archive/'))).toEqual([]);
    expect(localTree(b.root)).toEqual(tree);
  });
});
