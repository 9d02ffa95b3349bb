import { expect, test } from './fixtures';

test('the app loads in headless mode with the embedded node running', async ({ app }) => {
  await expect(app.getByTestId('node-status')).toHaveAttribute('data-state', 'running');
  // The token left the address bar: it now lives in an HttpOnly cookie.
  expect(app.url()).not.toContain('token=');
});

test('without the token the server answers 401', async ({ page, server }) => {
  const response = await page.goto(server.url);
  expect(response?.status()).toBe(401);
});

test('transfer limits are edited in Settings, checked, and saved in the core', async ({ app, server }) => {
  await app.getByTestId('open-settings').click();
  const dialog = app.getByTestId('settings-dialog');
  // Start at login belongs to the desktop app (tests/e2e/electron.spec.ts): headless mode has no window to start.
  await expect(dialog.getByTestId('settings-language')).toBeVisible();
  await expect(dialog.getByTestId('settings-startAtLogin')).toHaveCount(0);
  const bandwidth = dialog.getByTestId('settings-bandwidthLimitKiBps');
  await bandwidth.fill('2048');
  await bandwidth.press('Enter');
  await expect.poll(async () => (await server.call<{ transfers: { bandwidthLimitKiBps: number } }>('settings.get')).transfers.bandwidthLimitKiBps).toBe(2048);
  const files = dialog.getByTestId('settings-maxConcurrentFiles');
  await files.fill('99');
  await files.press('Enter');
  await expect(dialog.getByText('A whole number from 1 to 16')).toBeVisible();
  expect((await server.call<{ transfers: { maxConcurrentFiles: number } }>('settings.get')).transfers.maxConcurrentFiles).toBe(3);
  await server.call('settings.update', { transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 0, multipartThresholdMiB: 8 } });
});
