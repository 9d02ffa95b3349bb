/**
 * Publishing in end-to-end tests: the publish settings pointed at the test's
 * fixtures (the spec-checked pinning service, the chain fixture), a data node
 * with files to publish, and ways to read a job back through the contract.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import type { PublishJob, PublishSettingsUpdate } from '../../src-shared/contract/publish';
import { makePackage, startDataNode, uploadFiles, type DataNode } from './browser-support';
import type { HeadlessServer } from './fixtures';

/** `hello world\n`: its CID as `ipfs add` prints it (specs/crust-ipfs.md), so the UI's CID is checked against a value we did not compute. */
export const HELLO = { body: Buffer.from('hello world\n'), cid: 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o' };

/** Settings every publish test starts from: the embedded node, no order, nothing read from Crust's real network. */
export const OFFLINE: PublishSettingsUpdate = {
  ipfsNode: 'embedded',
  orderRoute: 'none',
  pinningService: { url: '', useCrustAccount: false },
  seedGateway: { url: '' },
  chain: { url: '' },
  registry: { url: '', studyId: '' },
  secrets: { pinningToken: '' },
};

export async function configure(server: HeadlessServer, change: PublishSettingsUpdate): Promise<void> {
  await server.call('publish.settings.update', { ...OFFLINE, ...change, secrets: { ...OFFLINE.secrets, ...change.secrets } });
}

export interface PublishData {
  node: DataNode;
  bucket: string;
  pkg: string;
  packageId: number;
}

/** A data node (a JCS connection) with a package holding `files`. */
export async function dataWith(server: HeadlessServer, name: string, files: ReadonlyArray<{ path: string; body: Buffer }>): Promise<PublishData> {
  const node = await startDataNode(server, name);
  const bucket = 'pub';
  const pkg = `p${Date.now()}`;
  const { packageId } = await makePackage(node.client, bucket, pkg);
  await uploadFiles(node.client, packageId, files);
  return { node, bucket, pkg, packageId };
}

/** The newest job of this name, through the contract. */
export async function jobNamed(server: HeadlessServer, name: string): Promise<PublishJob | undefined> {
  const { jobs } = await server.call<{ jobs: PublishJob[] }>('publish.list', { offset: 0, limit: 2000, query: name });
  return jobs.find((job) => job.name === name);
}

/** Waits (polling the contract, the way the UI is told by events) until the job of this name satisfies `done`. */
export async function waitForJob(server: HeadlessServer, name: string, done: (job: PublishJob) => boolean, timeout = 30_000): Promise<PublishJob> {
  let last: PublishJob | undefined;
  await expect
    .poll(
      async () => {
        last = await jobNamed(server, name);
        return last !== undefined && done(last);
      },
      { timeout, message: `job ${name} (last seen: ${JSON.stringify(last?.state)} ${JSON.stringify(last?.status)} ${JSON.stringify(last?.error)})` },
    )
    .toBe(true);
  return last!;
}

export function crustRow(page: Page, name: string): Locator {
  return page.getByTestId('crust-list').locator(`[data-testid="crust-row"][data-name="${name}"]`);
}

export async function openCrustPage(page: Page): Promise<void> {
  await page.getByTestId('page-crust').click();
  await expect(page.getByTestId('crust-page')).toBeVisible();
}
