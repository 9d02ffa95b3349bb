/**
 * Smoke test of the desktop app itself. The Electron binary is downloaded from
 * GitHub on first use; where it cannot be (this CI machine), the test is
 * skipped with that reason. Where it exists, it builds the app, starts it on a
 * temporary data folder (under Xvfb when there is no display) and checks the
 * window is locked down and the UI works over IPC with the embedded node.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

function electronBinary(): string | undefined {
  const dir = join(process.cwd(), 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, 'the Electron binary is not installed here (npm downloads it from GitHub, which this machine cannot reach); this test runs wherever it is');

  let xvfb: ChildProcess | undefined;
  test.beforeAll(() => {
    execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'inherit' });
    if (process.platform === 'linux' && !process.env.DISPLAY) {
      xvfb = spawn('Xvfb', [':97', '-screen', '0', '1280x800x24'], { stdio: 'ignore' });
      process.env.DISPLAY = ':97';
    }
  });
  test.afterAll(() => {
    xvfb?.kill();
  });

  test('opens a locked-down window that talks to main over IPC and runs the embedded node', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'jcs-electron-'));
    const app = await electron.launch({
      executablePath: binary,
      args: ['out/main/index.js', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, JCS_DESKTOP_USER_DATA: userData },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.locator('[data-app-state="loaded"]')).toBeVisible({ timeout: 30_000 });
      await expect(window.getByTestId('node-status')).toHaveAttribute('data-state', 'running');
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
      // The preload's API is there, and only the contract's functions: no ipcRenderer.
      expect(await window.evaluate(() => Object.keys((globalThis as { jcs?: object }).jcs ?? {}).sort())).toEqual(['operations', 'subscribe']);
      // Navigation away from the app is blocked.
      await window.evaluate(() => ((globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/'));
      await window.waitForTimeout(500);
      expect(window.url()).toMatch(/^file:/);
    } finally {
      await app.close();
      await rm(userData, { recursive: true, force: true });
    }
  });
});
