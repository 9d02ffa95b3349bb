/**
 * Error toasts belong to the page they were shown on: they follow a language
 * switch (said again in the new language) and go when their page does (another
 * page of the app, or another place in the files), instead of lingering.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { startDataNode, type DataNode } from './browser-support';

let node: DataNode;

test.beforeAll(async ({ server }) => {
  await server.call('settings.update', { language: 'en' });
  node = await startDataNode(server, 'Toast node');
  // Stopped: testing the connection fails, which says so in an error toast.
  await node.pause();
});

test.afterAll(async ({ server }) => {
  await server.call('settings.update', { language: 'system' });
  await node?.stop();
});

function treeRow(page: Page, name: string) {
  return page.getByTestId('tree-connection').filter({ hasText: name }).getByTestId('tree-row').first();
}

async function testConnection(page: Page): Promise<void> {
  await treeRow(page, 'Toast node').click({ button: 'right' });
  await page.getByRole('menu').getByTestId('menu-test-connection').click();
}

async function chooseLanguage(page: Page, language: 'en' | 'zh-CN'): Promise<void> {
  await page.getByTestId('open-settings').click();
  await page.getByTestId('settings-language').selectOption(language);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings-language')).toHaveCount(0);
}

test('an error toast follows the language and goes when its page does', async ({ app }) => {
  const errors = app.locator('[data-testid="toast"].toast-error');
  await testConnection(app);
  await expect(errors).toHaveCount(1);
  await expect(errors).toContainText('“Toast node” cannot be reached');

  try {
    // The same toast, said again in 简体中文 (not dropped: it is still the page it was shown on).
    await chooseLanguage(app, 'zh-CN');
    await expect(errors).toHaveCount(1);
    await expect(errors).toContainText('无法连接“Toast node”');
    await expect(errors).not.toContainText('cannot be reached');
    await expect(errors.getByRole('button')).toHaveAttribute('aria-label', '关闭');
  } finally {
    await chooseLanguage(app, 'en');
  }
  await expect(errors).toContainText('“Toast node” cannot be reached');

  // Another page of the app: the toast goes.
  await app.getByTestId('page-sync').click();
  await expect(app.getByTestId('main-pane')).toHaveAttribute('data-page', 'sync');
  await expect(errors).toHaveCount(0);

  // Another place in the files: the toast shown on the first goes too.
  await app.getByTestId('page-files').click();
  await testConnection(app);
  await expect(errors).toHaveCount(1);
  await treeRow(app, 'This computer').click();
  await expect(errors).toHaveCount(0);
});
