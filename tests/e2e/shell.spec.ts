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
