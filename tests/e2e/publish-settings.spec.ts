/**
 * Settings → Publishing never shows a secret: what is typed is sent once and
 * the field says "set" afterwards; no answer the page receives, and nothing
 * in its DOM, holds a token, a password or the recovery phrase. And the
 * publishing UI at 900 px in Chinese: nothing off screen, no English left
 * but data and product names (screenshots kept in test-results/).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { openPackage, row } from './browser-support';
import { expect, openApp, test } from './fixtures';
import { configure, dataWith, openCrustPage, waitForJob, type PublishData } from './publish-support';

interface PageElement {
  getBoundingClientRect(): { left: number; right: number };
}
declare const document: { documentElement: { outerHTML: string } };

/** Every body the page receives from the server's API, as text. */
function recordAnswers(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/api/')) void response.text().then((text) => bodies.push(text), () => undefined);
  });
  return bodies;
}

test('secrets typed in Settings → Publishing are sent once and never come back: the fields say “set”', async ({ page, server }) => {
  await configure(server, {});
  const answers = recordAnswers(page);
  await openApp(page, server);
  const kuboToken = `kubo-secret-${Date.now()}`;
  const psaToken = `psa-secret-${Date.now()}`;
  await page.getByTestId('open-settings').click();
  const section = page.getByTestId('publish-settings');
  await expect(section.getByTestId('publish-embedded-warning')).toContainText('only on this computer');

  await section.getByTestId('publish-node-kubo').check();
  await expect(section.getByTestId('publish-embedded-warning')).toHaveCount(0);
  await section.getByTestId('publish-field-kubo.url').fill('http://127.0.0.1:5001');
  await section.getByTestId('publish-kubo-auth').selectOption('bearer');
  await section.getByTestId('secret-kuboToken').fill(kuboToken);
  await section.getByTestId('publish-order-route').selectOption('pinning-service');
  await section.getByTestId('publish-use-crust-account').uncheck();
  await section.getByTestId('secret-pinningToken').fill(psaToken);
  // A URL the contract refuses is named by its field, and nothing is saved.
  await section.getByTestId('publish-field-chain.url').fill('rpc.crust.network');
  await section.getByTestId('publish-save').click();
  await expect(section.getByTestId('publish-problem-chain.url')).toBeVisible();
  expect((await server.call<{ ipfsNode: string }>('publish.settings.get')).ipfsNode).toBe('embedded');

  await section.getByTestId('publish-field-chain.url').fill('');
  await section.getByTestId('publish-save').click();
  await expect(section.getByTestId('secret-state-kuboToken')).toHaveAttribute('data-state', 'set');
  await expect(section.getByTestId('secret-state-pinningToken')).toHaveAttribute('data-state', 'set');
  await expect(section.getByTestId('secret-kuboToken')).toHaveValue('');
  await expect(section.getByTestId('secret-pinningToken')).toHaveValue('');
  const saved = await server.call<{ ipfsNode: string; secretsSet: string[] }>('publish.settings.get');
  expect(saved.ipfsNode).toBe('kubo');
  expect(saved.secretsSet.sort()).toEqual(['kuboToken', 'pinningToken']);

  // A recovery phrase that is not one is refused before it is saved.
  await section.getByTestId('crust-mnemonic').fill('these are not twelve words of any wordlist at all');
  await section.getByTestId('crust-account-import').click();
  await expect(section.locator('[data-testid="crust-account"] .error-text')).toBeVisible();
  await expect(section.getByTestId('crust-address')).toHaveCount(0);
  // A new account shows its address only.
  await section.getByTestId('crust-account-create').click();
  await expect(section.getByTestId('crust-address')).toHaveText(/^c[1-9A-HJ-NP-Za-km-z]{48}$/);

  // Its recovery phrase goes to a new file on the machine running the core, readable by the user only, and nowhere else.
  const exportDir = await mkdtemp(join(tmpdir(), 'jcs-e2e-export-'));
  const exportPath = join(exportDir, 'phrase.txt');
  await section.getByTestId('crust-export-path').fill(exportPath);
  await section.getByTestId('crust-export').click();
  await expect(page.getByTestId('toast').filter({ hasText: exportPath })).toBeVisible();
  const phrase = (await readFile(exportPath, 'utf8')).trim();
  expect(phrase.split(/\s+/).length).toBeGreaterThanOrEqual(12);
  expect((await stat(exportPath)).mode & 0o077).toBe(0);
  await rm(exportDir, { recursive: true, force: true });

  // After a reload too, nothing the page holds or received carries a secret.
  await page.reload();
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('secret-state-kuboToken')).toHaveAttribute('data-state', 'set');
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  for (const secret of [kuboToken, psaToken, phrase]) {
    expect(html).not.toContain(secret);
    expect(answers.filter((body) => body.includes(secret))).toEqual([]);
  }

  // Removing the account asks first; Escape closes only that question (not Settings around it).
  await page.getByTestId('crust-account-remove').click();
  await expect(page.getByTestId('crust-account-remove-confirm')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('crust-account-remove-confirm')).toHaveCount(0);
  await expect(page.getByTestId('settings-dialog')).toBeVisible();
  await page.getByTestId('crust-account-remove').click();
  await page.getByTestId('crust-account-remove-confirm').getByRole('button', { name: 'Remove account' }).click();
  await expect(page.getByTestId('crust-account-create')).toBeVisible();
  expect((await server.call<{ account: unknown }>('publish.settings.get')).account).toBeNull();
  await configure(server, {});
});

/** ASCII words of three letters or more that are neither data nor names of things. */
const ASCII_WORD = /[A-Za-z]{3,}/g;
const NAMES = new Set(['JCS', 'Desktop', 'IPFS', 'Crust', 'Kubo', 'CID', 'DAG', 'RPC', 'SS58', 'W3Auth', 'Auth', 'Bearer', 'studyId', 'http', 'https', 'ipfs', 'crust', 'placeOrder', 'psa', 'pin', 'crustcode', 'com', 'crustfiles', 'app', 'rpc', 'network']);
async function englishIn(region: Locator, data: readonly string[]): Promise<string[]> {
  let text = await region.innerText();
  for (const value of data) text = text.split(value).join(' ');
  return (text.match(ASCII_WORD) ?? []).filter((word) => !NAMES.has(word));
}

async function inside(locator: Locator, width: number): Promise<boolean> {
  const boxes = await locator.evaluateAll((elements: PageElement[]) => elements.map((el) => el.getBoundingClientRect()));
  return boxes.every((box) => box.left >= 0 && box.right <= width + 0.5);
}

test('in 简体中文 at 900 px the Crust page, a published file’s details and Settings → Publishing fit and speak Chinese', async ({ page, server }) => {
  let data: PublishData | undefined;
  try {
    await configure(server, {});
    data = await dataWith(server, `发布 ${Date.now()}`, [
      { path: '报告.txt', body: Buffer.from('一份报告') },
      { path: '图片/照片.txt', body: Buffer.from('一张照片') },
    ]);
    await server.call('settings.update', { language: 'zh-CN' });
    await page.setViewportSize({ width: 900, height: 700 });
    await openApp(page, server);
    await openPackage(page, data.node, data.bucket, data.pkg);
    await row(page, '报告.txt').click();
    await row(page, '图片').click({ modifiers: ['Control'] });
    await page.getByTestId('publish').click();
    const report = await waitForJob(server, '报告.txt', (job) => job.state === 'done');
    await waitForJob(server, '图片', (job) => job.state === 'done');
    const names = ['报告.txt', '图片', data.pkg, data.node.connectionName, report.cid!];

    await row(page, '报告.txt').click();
    const details = page.getByTestId('publish-details');
    await expect(details.getByTestId('publish-cid')).toHaveText(report.cid!);
    await expect(details.getByTestId('publish-local-only')).toBeVisible();
    expect(await inside(page.getByTestId('details-panel'), 900)).toBe(true);
    expect(await inside(page.getByTestId('publish'), 900)).toBe(true);
    expect(await englishIn(details, names)).toEqual([]);
    await page.screenshot({ path: 'test-results/publish-900-zh-details.png' });

    await openCrustPage(page);
    await expect(page.getByTestId('crust-row')).toHaveCount(2);
    for (const testId of ['crust-chip-all', 'crust-search', 'crust-refresh', 'crust-select-all', 'crust-recheck', 'crust-remove', 'publish-badge']) {
      expect(await inside(page.getByTestId(testId), 900), testId).toBe(true);
    }
    const cids = (await page.getByTestId('crust-cid').allInnerTexts()).filter((text) => text.startsWith('Qm'));
    expect(await englishIn(page.getByTestId('crust-page'), [...names, ...cids, data.pkg])).toEqual([]);
    await page.screenshot({ path: 'test-results/publish-900-zh-crust.png' });

    await page.getByTestId('open-settings').click();
    const section = page.getByTestId('publish-settings');
    await section.scrollIntoViewIfNeeded();
    await section.getByTestId('publish-order-route').selectOption('pinning-service');
    await section.getByTestId('publish-use-crust-account').uncheck();
    for (const testId of ['publish-node-kubo', 'publish-order-route', 'secret-pinningToken', 'publish-field-chain.url', 'publish-save', 'crust-account-create', 'crust-mnemonic']) {
      expect(await inside(section.getByTestId(testId), 900), testId).toBe(true);
    }
    const account = (await server.call<{ account: { address: string } | null }>('publish.settings.get')).account;
    const settingsData = account ? [account.address] : [];
    expect(await englishIn(section, settingsData)).toEqual([]);
    await page.screenshot({ path: 'test-results/publish-900-zh-settings.png', fullPage: true });
  } finally {
    await server.call('settings.update', { language: 'en' });
    await data?.node.stop();
  }
});
