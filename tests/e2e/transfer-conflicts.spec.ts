/**
 * Copy to… / Move to… onto names that exist: one question before anything
 * changes (not a failure per item), answered for all or item by item, in
 * headless mode's UI against a real storage node.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { makePackage, openPackage, row, startDataNode, uploadFiles, visibleNames, type DataNode, pathsIn as pathsInPackage } from './browser-support';

let node: DataNode;

test.beforeAll(async ({ server }) => {
  node = await startDataNode(server, 'Conflicts node');
});

test.afterAll(async () => {
  await node?.stop();
});

function pathsIn(packageId: number, prefix = ''): Promise<string[]> {
  return pathsInPackage(node.client, packageId, prefix);
}

async function readText(packageId: number, path: string): Promise<string> {
  const { stream } = await node.client.download({ packageID: packageId, path });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const toast = (page: Page, text: string) => page.getByTestId('toast').getByText(text, { exact: true });
const FIVE = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'];

/** Five files at the top of the package, old versions of the first three in `dest/`; all five selected and "Copy to…" / "Move to…" `dest/`. */
async function transferFiveOntoThree(app: Page, name: string, mode: 'copy' | 'move'): Promise<number> {
  const { packageId } = await makePackage(node.client, 'clash', name);
  await uploadFiles(node.client, packageId, [
    ...FIVE.map((n) => ({ path: n, body: Buffer.from(`new ${n}`) })),
    ...FIVE.slice(0, 3).map((n) => ({ path: `dest/${n}`, body: Buffer.from(`old ${n}`) })),
  ]);
  await openPackage(app, node, 'clash', name);
  await row(app, 'a.txt').click();
  await row(app, 'e.txt').click({ modifiers: ['Shift'] });
  await row(app, 'e.txt').click({ button: 'right' });
  await app.getByTestId(`menu-${mode}-to`).click();
  const dialog = app.getByTestId('transfer-dialog');
  await dialog.locator('[data-testid="picker-folder"][data-name="dest"]').click();
  await dialog.getByTestId('transfer-confirm').click();
  return packageId;
}

test('copying five files onto a folder holding three asks once; "Keep both" for all keeps every one', async ({ app }) => {
  const packageId = await transferFiveOntoThree(app, 'keep', 'copy');

  const question = app.getByTestId('transfer-conflict-dialog');
  await expect(question.getByTestId('transfer-conflict-summary')).toHaveText('3 items already exist in “keep/dest/”. Nothing has been changed yet.');
  await expect(question.getByTestId('transfer-conflict-names').locator('li')).toHaveText(['a.txt', 'b.txt', 'c.txt']);
  expect(await pathsIn(packageId, 'dest/')).toEqual(['dest/a.txt', 'dest/b.txt', 'dest/c.txt']);
  await expect(question.getByTestId('transfer-conflict-apply-all')).toBeChecked();
  await question.getByTestId('transfer-conflict-keepBoth').click();

  await expect(toast(app, 'Copied 5 objects')).toBeVisible();
  await expect(question).toHaveCount(0);
  await expect(app.getByTestId('failures-dialog')).toHaveCount(0);
  expect(await pathsIn(packageId, 'dest/')).toEqual(['dest/a (1).txt', 'dest/a.txt', 'dest/b (1).txt', 'dest/b.txt', 'dest/c (1).txt', 'dest/c.txt', 'dest/d.txt', 'dest/e.txt']);
  expect(await readText(packageId, 'dest/a.txt')).toBe('old a.txt');
  expect(await readText(packageId, 'dest/a (1).txt')).toBe('new a.txt');

  await row(app, 'dest').dblclick();
  await expect.poll(() => visibleNames(app)).toEqual(['a (1).txt', 'a.txt', 'b (1).txt', 'b.txt', 'c (1).txt', 'c.txt', 'd.txt', 'e.txt']);
});

test('moving item by item: Replace one, Skip one, Keep both for the last; Cancel changes nothing', async ({ app }) => {
  const packageId = await transferFiveOntoThree(app, 'each', 'move');
  const question = app.getByTestId('transfer-conflict-dialog');

  // Cancel first: nothing moved.
  await question.getByTestId('transfer-conflict-cancel').click();
  await expect(toast(app, 'Nothing was moved.')).toBeVisible();
  expect(await pathsIn(packageId)).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt', 'dest/a.txt', 'dest/b.txt', 'dest/c.txt', 'e.txt']);

  await row(app, 'a.txt').click();
  await row(app, 'e.txt').click({ modifiers: ['Shift'] });
  await row(app, 'e.txt').click({ button: 'right' });
  await app.getByTestId('menu-move-to').click();
  await app.getByTestId('transfer-dialog').locator('[data-testid="picker-folder"][data-name="dest"]').click();
  await app.getByTestId('transfer-confirm').click();
  await question.getByTestId('transfer-conflict-apply-all').uncheck();
  await expect(question.getByTestId('transfer-conflict-item')).toContainText('“a.txt” already exists there.');
  await question.getByTestId('transfer-conflict-overwrite').click();
  await expect(question.getByTestId('transfer-conflict-item')).toContainText('“b.txt” already exists there.');
  await question.getByTestId('transfer-conflict-skip').click();
  // The last one: no "apply to all" left to offer.
  await expect(question.getByTestId('transfer-conflict-apply-all')).toHaveCount(0);
  await question.getByTestId('transfer-conflict-keepBoth').click();

  await expect(toast(app, 'Moved 4 objects; 1 skipped')).toBeVisible();
  expect(await pathsIn(packageId)).toEqual(['b.txt', 'dest/a.txt', 'dest/b.txt', 'dest/c (1).txt', 'dest/c.txt', 'dest/d.txt', 'dest/e.txt']);
  expect(await readText(packageId, 'dest/a.txt')).toBe('new a.txt');
  expect(await readText(packageId, 'dest/b.txt')).toBe('old b.txt');
  expect(await readText(packageId, 'dest/c (1).txt')).toBe('new c.txt');
});
