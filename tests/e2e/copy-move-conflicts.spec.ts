/**
 * The case at its size: a folder of files moved into another
 * package that already holds 55 of them. One question (not 55 failures),
 * in 简体中文; "Replace" for all brings every file over with the new bytes and
 * leaves nothing set aside; "Skip" for all moves the others and keeps the
 * 55 where they were, on both sides: a move never loses its source.
 */
import type { Page } from '@playwright/test';
import { makePackage, numberedFiles, openPackage, pathsIn, row, startDataNode, uploadFiles, type DataNode } from './browser-support';
import { expect, test } from './fixtures';

let node: DataNode;

test.beforeAll(async ({ server }) => {
  node = await startDataNode(server, 'Clash node');
  await server.call('settings.update', { language: 'zh-CN' });
});

test.afterAll(async ({ server }) => {
  await server.call('settings.update', { language: 'system' });
  await node?.stop();
});

const FILES = 80;
const TAKEN = 55;

async function readText(packageId: number, path: string): Promise<string> {
  const { stream } = await node.client.download({ packageID: packageId, path });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `shots/` with 80 files in package `from`; the first 55 of them, older, already in package `to`. Then "Move to…" `to`. */
async function moveShotsOntoOlder(app: Page, bucket: string): Promise<{ from: number; to: number; names: string[] }> {
  const { packageId: from } = await makePackage(node.client, bucket, 'from');
  const { packageId: to } = await makePackage(node.client, bucket, 'to');
  const files = numberedFiles('shots/', FILES);
  await uploadFiles(node.client, from, files.map((f) => ({ path: f.path, body: Buffer.from(`new ${f.path}`) })));
  await uploadFiles(node.client, to, files.slice(0, TAKEN).map((f) => ({ path: f.path, body: Buffer.from(`old ${f.path}`) })));
  await openPackage(app, node, bucket, 'from');
  await row(app, 'shots').click({ button: 'right' });
  await app.getByTestId('menu-move-to').click();
  const dialog = app.getByTestId('transfer-dialog');
  await dialog.getByTestId('transfer-package').selectOption({ label: `${bucket} / to` });
  await dialog.getByTestId('transfer-confirm').click();
  const question = app.getByTestId('transfer-conflict-dialog');
  await expect(question.getByTestId('transfer-conflict-summary')).toContainText(`已存在 ${TAKEN} 个同名项目。目前尚未做任何更改。`);
  // Nothing moved while it asks.
  expect(await pathsIn(node.client, from)).toHaveLength(FILES);
  expect(await pathsIn(node.client, to)).toHaveLength(TAKEN);
  return { from, to, names: files.map((f) => f.path) };
}

test('moving 80 files onto 55 that exist asks once; "Replace" for all brings every one over with its new bytes', async ({ app }) => {
  const { from, to, names } = await moveShotsOntoOlder(app, 'replace');
  await app.getByTestId('transfer-conflict-dialog').getByTestId('transfer-conflict-overwrite').click();

  await expect(app.getByTestId('toast').getByText(`已移动 ${FILES} 个对象`, { exact: true })).toBeVisible();
  await expect(app.getByTestId('failures-dialog')).toHaveCount(0);
  expect(await pathsIn(node.client, to)).toEqual(names); // nothing left set aside ("….~replacing-…")
  expect(await pathsIn(node.client, from)).toEqual([]);
  expect(await readText(to, names[0]!)).toBe(`new ${names[0]}`);
  expect(await readText(to, names[TAKEN - 1]!)).toBe(`new ${names[TAKEN - 1]}`);
});

test('"Skip" for all moves the others and leaves the 55 on both sides as they were', async ({ app }) => {
  const { from, to, names } = await moveShotsOntoOlder(app, 'skip');
  await app.getByTestId('transfer-conflict-dialog').getByTestId('transfer-conflict-skip').click();

  await expect(app.getByTestId('toast').getByText(`已移动 ${FILES - TAKEN} 个对象，跳过 ${TAKEN} 个`, { exact: true })).toBeVisible();
  await expect(app.getByTestId('failures-dialog')).toHaveCount(0);
  expect(await pathsIn(node.client, to)).toEqual(names);
  expect(await pathsIn(node.client, from)).toEqual(names.slice(0, TAKEN));
  expect(await readText(from, names[0]!)).toBe(`new ${names[0]}`);
  expect(await readText(to, names[0]!)).toBe(`old ${names[0]}`);
  expect(await readText(to, names[TAKEN]!)).toBe(`new ${names[TAKEN]}`);
});
