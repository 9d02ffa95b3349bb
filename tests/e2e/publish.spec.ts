/**
 * Publishing to IPFS / Crust through the UI, against the real core and
 * embedded IPFS node (headless mode), the spec-checked pinning service
 * fixture and the chain fixture (records encoded by @polkadot/types):
 * publishing a folder and a file from the browser, the pinning service
 * stepping the order to Stored, the badge, the details section and the Crust
 * page following; an expired order; a failed one; a refused token shown with
 * its explanation and the endpoint; the seed's order gateway and registry,
 * whose records the Crust page lists per study id.
 */
import { startPinningService, type PinningServiceServer } from '../fixtures/pinning-service';
import { CrustChainFixture } from '../fixtures/crust-chain/crust-chain-fixture';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cidOfBytes, cidOfFile } from '../../src-main/common/ipfs/unixfs-file-hasher';
import { SEED_STUDY_ID, startCrustSeedServices } from '../fixtures/crust-seed';
import { makeTestImage, startFileStorageServer } from '../fixtures/file-storage';
import { openPackage, row } from './browser-support';
import { expect, test } from './fixtures';
import { configure, crustRow, dataWith, HELLO, jobNamed, openCrustPage, waitForJob, type PublishData } from './publish-support';

const TOKEN = 'psa-e2e-token';

let psa: PinningServiceServer;
let data: PublishData | undefined;
test.beforeEach(async () => {
  psa = await startPinningService({ token: TOKEN });
});
test.afterEach(async () => {
  await data?.node.stop();
  data = undefined;
  await psa.close();
  // Every answer the fixture gave was inside the PSA spec: the app was never served something the spec forbids.
  expect(psa.violations).toEqual([]);
});

test('a folder published from the embedded node goes Pending → Stored as the pinning service pins it; badge, details and Crust page follow', async ({ app, server }) => {
  await configure(server, { orderRoute: 'pinning-service', pinningService: { url: psa.url, useCrustAccount: false }, secrets: { pinningToken: TOKEN } });
  data = await dataWith(server, `Publish folder ${Date.now()}`, [
    { path: 'photos/a.txt', body: Buffer.from('first photo') },
    { path: 'photos/sub/b.txt', body: Buffer.from('second photo') },
    { path: 'hello.txt', body: HELLO.body },
  ]);
  await openPackage(app, data.node, data.bucket, data.pkg);

  // The context menu's item on a folder row.
  await row(app, 'photos').click({ button: 'right' });
  await app.getByTestId('menu-publish').click();
  await expect(app.getByTestId('toast').filter({ hasText: 'Publishing photos' })).toBeVisible();
  const photos = await waitForJob(server, 'photos', (job) => job.state === 'done');
  expect(photos.cid).toMatch(/^Qm[1-9A-HJ-NP-Za-km-z]{44}$/);
  expect(photos.localOnly).toBe(true);
  expect(psa.pins.size).toBe(1);
  expect([...psa.pins.values()][0]!.pin.cid).toBe(photos.cid);

  // Ordered, not yet pinned: the folder's badge says Pending.
  const badge = row(app, 'photos').getByTestId('publish-badge');
  await expect(badge).toHaveAttribute('data-label', 'pending');
  await expect(badge).toHaveText('Pending');

  // The toolbar button on a file: its CID is the one `ipfs add` prints for the same bytes.
  await row(app, 'hello.txt').click();
  await app.getByTestId('publish').click();
  const hello = await waitForJob(server, 'hello.txt', (job) => job.state === 'done');
  expect(hello.cid).toBe(HELLO.cid);
  const details = app.getByTestId('details-panel').getByTestId('publish-details');
  await expect(details.getByTestId('publish-cid')).toHaveText(HELLO.cid);
  await expect(details.getByTestId('publish-route')).toHaveText('Embedded node · Pinning service');
  await expect(details.getByTestId('publish-local-only')).toContainText('only on this computer');
  await expect(details.getByTestId('publish-gateway-link')).toHaveAttribute('href', `https://ipfs.io/ipfs/${HELLO.cid}`);

  // The service places the order (pinning), then pins it; Re-check on the Crust page reads it now.
  psa.step();
  psa.step();
  await openCrustPage(app);
  const folderRow = crustRow(app, 'photos');
  await expect(folderRow.getByTestId('crust-cid')).toHaveText(photos.cid!);
  await folderRow.getByTestId('crust-recheck').click();
  await expect(folderRow).toHaveAttribute('data-label', 'stored');
  await expect(folderRow.getByTestId('publish-badge')).toHaveText('Stored');
  const { counts } = await server.call<{ counts: Record<string, number> }>('publish.list', { offset: 0, limit: 1 });
  await expect(app.getByTestId('crust-chip-stored')).toHaveAttribute('data-count', String(counts.stored));

  // Filters: only Stored (the folder, not the pending file); a search by CID finds the file.
  await app.getByTestId('crust-chip-stored').click();
  await expect(app.getByTestId('crust-row')).toHaveCount(counts.stored!);
  await expect(crustRow(app, 'photos')).toBeVisible();
  await expect(crustRow(app, 'hello.txt')).toHaveCount(0);
  await app.getByTestId('crust-chip-stored').click();
  await app.getByTestId('crust-search').fill(HELLO.cid.slice(0, 12));
  await expect(app.getByTestId('crust-row')).toHaveCount(1);
  await expect(crustRow(app, 'hello.txt')).toBeVisible();
  await app.getByTestId('crust-search').fill('');

  // Back in Files, the folder's badge followed without a reload.
  await app.getByTestId('page-files').click();
  await expect(row(app, 'photos').getByTestId('publish-badge')).toHaveAttribute('data-label', 'stored');
});

test('an order whose chain record has expired shows Expired (even with replicas reported); a live one shows its replicas and expiry date', async ({ app, server }) => {
  const chain = await new CrustChainFixture().start();
  try {
    chain.bestBlock = 5_000_000;
    await configure(server, { orderRoute: 'pinning-service', pinningService: { url: psa.url, useCrustAccount: false }, chain: { url: chain.url }, secrets: { pinningToken: TOKEN } });
    // Content of this test only: other tests of the worker publish the HELLO files, and a chain record is per CID.
    const old = Buffer.from(`old ${Date.now()}\n`);
    const live = Buffer.from(`live ${Date.now()}\n`);
    data = await dataWith(server, `Publish expiry ${Date.now()}`, [
      { path: 'old.txt', body: old },
      { path: 'live.txt', body: live },
    ]);
    // Expired 1,000 blocks ago with 4 replicas still reported; the other lasts 100 days more with 7.
    chain.setRecord(cidOfBytes(old).cid, { fileSize: old.length, expiredAt: chain.bestBlock - 1_000, reportedReplicaCount: 4 });
    chain.setRecord(cidOfBytes(live).cid, { fileSize: live.length, expiredAt: chain.bestBlock + (100 * 86_400) / 6, reportedReplicaCount: 7 });
    await openPackage(app, data.node, data.bucket, data.pkg);
    await row(app, 'old.txt').click();
    await row(app, 'live.txt').click({ modifiers: ['Control'] });
    await app.getByTestId('publish').click();
    await waitForJob(server, 'old.txt', (job) => job.state === 'done');
    await waitForJob(server, 'live.txt', (job) => job.state === 'done');

    await openCrustPage(app);
    await app.getByTestId('crust-select-all').click();
    await app.getByTestId('crust-bulk-recheck').click();
    await expect(crustRow(app, 'old.txt')).toHaveAttribute('data-label', 'expired');
    await expect(crustRow(app, 'old.txt').getByTestId('publish-badge')).toHaveText('Expired');
    await expect(crustRow(app, 'old.txt').getByTestId('crust-renew')).toBeVisible();
    await expect(crustRow(app, 'live.txt').getByTestId('publish-badge')).toHaveText('Stored · 7 replicas');
    // Earlier tests in this worker may have published the same bytes (the same CID, so the same chain record): the chip counts what the core counts.
    const { counts } = await server.call<{ counts: Record<string, number> }>('publish.list', { offset: 0, limit: 1 });
    expect(counts.expired).toBeGreaterThanOrEqual(1);
    await expect(app.getByTestId('crust-chip-expired')).toHaveAttribute('data-count', String(counts.expired));

    await app.getByTestId('page-files').click();
    await expect(row(app, 'old.txt').getByTestId('publish-badge')).toHaveAttribute('data-label', 'expired');
    await row(app, 'live.txt').click();
    const details = app.getByTestId('publish-details');
    await expect(details.getByTestId('publish-replicas')).toHaveText('7');
    await expect(details.getByTestId('publish-expires')).toContainText('in 100 days');
    expect((await jobNamed(server, 'live.txt'))!.order.chain!.expiresAt).toBeGreaterThan(Date.now() + 99 * 86_400_000);
  } finally {
    await chain.stop();
  }
});

test('a pin the service reports failed shows Failed; a refused token shows the code, its explanation and the endpoint', async ({ app, server }) => {
  await psa.close();
  psa = await startPinningService({ token: TOKEN, script: () => ['queued', 'failed'] });
  await configure(server, { orderRoute: 'pinning-service', pinningService: { url: psa.url, useCrustAccount: false }, secrets: { pinningToken: TOKEN } });
  data = await dataWith(server, `Publish failures ${Date.now()}`, [
    { path: 'doomed.txt', body: Buffer.from('this order will fail') },
    { path: 'refused.txt', body: Buffer.from('this token will be refused') },
  ]);
  await openPackage(app, data.node, data.bucket, data.pkg);
  await row(app, 'doomed.txt').click({ button: 'right' });
  await app.getByTestId('menu-publish').click();
  await waitForJob(server, 'doomed.txt', (job) => job.state === 'done');
  psa.step();

  await openCrustPage(app);
  await crustRow(app, 'doomed.txt').getByTestId('crust-recheck').click();
  await expect(crustRow(app, 'doomed.txt')).toHaveAttribute('data-label', 'failed');
  await expect(crustRow(app, 'doomed.txt').getByTestId('publish-badge')).toHaveText('Failed');

  // A wrong token: the service answers 401.
  await configure(server, { orderRoute: 'pinning-service', pinningService: { url: psa.url, useCrustAccount: false }, secrets: { pinningToken: 'not-the-token' } });
  await app.getByTestId('page-files').click();
  await row(app, 'refused.txt').click();
  await app.getByTestId('details-publish').click();
  await waitForJob(server, 'refused.txt', (job) => job.error?.code === 'TokenRefused');
  await openCrustPage(app);
  const error = crustRow(app, 'refused.txt').getByTestId('publish-error');
  await expect(error).toHaveAttribute('data-code', 'TokenRefused');
  await expect(error).toContainText('Token refused');
  await expect(error).toContainText('refused the token or credentials');
  await expect(error).toHaveAttribute('title', new RegExp(`Endpoint: ${psa.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await app.screenshot({ path: 'test-results/publish-crust-failures.png' });
});

test('ordered through the seed’s gateway and recorded in its registry: the Crust page lists the study’s records', async ({ app, server }) => {
  const seed = await startCrustSeedServices();
  try {
    await configure(server, { orderRoute: 'seed-gateway', seedGateway: { url: seed.gatewayUrl }, registry: { url: seed.registryUrl, studyId: SEED_STUDY_ID } });
    data = await dataWith(server, `Publish registry ${Date.now()}`, [{ path: 'scan.txt', body: HELLO.body }]);
    await openPackage(app, data.node, data.bucket, data.pkg);
    await row(app, 'scan.txt').click({ button: 'right' });
    await app.getByTestId('menu-publish').click();
    const job = await waitForJob(server, 'scan.txt', (j) => j.state === 'done');
    expect(job.registeredStudyId).toBe(SEED_STUDY_ID);
    expect(seed.orders).toEqual([{ hash: HELLO.cid, size: String(job.dagSize) }]);

    await openCrustPage(app);
    await app.getByTestId('crust-registry-toggle').click();
    await expect(app.getByTestId('registry-study-id')).toHaveValue(SEED_STUDY_ID);
    await app.getByTestId('registry-show').click();
    await expect(app.getByTestId('registry-row')).toHaveCount(1);
    await expect(app.getByTestId('registry-row')).toHaveAttribute('data-cid', HELLO.cid);
    // Another study has none.
    await app.getByTestId('registry-study-id').fill('another-study');
    await app.getByTestId('registry-show').click();
    await expect(app.getByTestId('registry-empty')).toBeVisible();
  } finally {
    await seed.close();
  }
});

test('a file of a File Storage connection is published from its thumbnail card, which then shows its badge', async ({ app, server }) => {
  const service = await startFileStorageServer();
  const name = `Publish photos ${Date.now()}`;
  let connectionId: string | undefined;
  try {
    await service.seed([{ name: 'sunset.jpg', content: await makeTestImage(200, 150, 'jpeg', 30), maintype: 'image', subtype: 'jpeg' }]);
    await configure(server, {});
    connectionId = (await server.call<{ id: string }>('connections.add', { name, kind: 'file-storage', config: { baseUrl: service.url } })).id;
    await app.getByTestId('tree-connection').filter({ hasText: name }).getByTestId('tree-row').first().click();
    await app.locator('[data-testid="entity-row"][data-name="File Storage"]').dblclick();
    await app.getByTestId('view-grid').click();
    const card = app.locator('[data-testid="thumbnail-card"][data-name="sunset.jpg"]');
    await card.click({ button: 'right' });
    await app.getByTestId('menu-publish').click();
    const job = await waitForJob(server, 'sunset.jpg', (j) => j.state === 'done');
    expect(job.cid).toMatch(/^Qm/);
    await expect(card.getByTestId('publish-badge')).toHaveAttribute('data-label', 'ipfsOnly');
    await expect(card.getByTestId('publish-badge')).toHaveText('On IPFS');
    await app.getByTestId('view-list').click();
  } finally {
    if (connectionId) await server.call('connections.remove', { id: connectionId });
    await service.close();
  }
});

test('publishes a file from the disk of the machine running the core, typed into the Crust page’s dialog', async ({ app, server }) => {
  await configure(server, { orderRoute: 'none' });
  const folder = await mkdtemp(join(tmpdir(), 'jcs-e2e-local-'));
  try {
    const name = `local-${Date.now()}.bin`;
    const file = join(folder, name);
    await writeFile(file, randomBytes(700_000));
    await openCrustPage(app);
    await app.getByTestId('publish-local-open').click();
    const dialog = app.getByTestId('publish-local-dialog');
    await dialog.getByTestId('publish-local-path').fill(file);
    await dialog.getByTestId('publish-local-start').click();
    await expect(dialog).toBeHidden();
    const job = await waitForJob(server, name, (j) => j.state === 'done');
    expect(job.cid).toBe((await cidOfFile(file)).cid);
    expect(job.source).toMatchObject({ local: true, path: file });
    await expect(crustRow(app, name).getByTestId('publish-badge')).toHaveText('On IPFS');

    // A relative path changes nothing and says why, in the dialog.
    await app.getByTestId('publish-local-open').click();
    await dialog.getByTestId('publish-local-path').fill('relative/file.txt');
    await dialog.getByTestId('publish-local-start').click();
    await expect(dialog.getByText(/not an absolute path/)).toBeVisible();
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
