/**
 * The "1,000 orders on the Crust page" case of bench:publish: an app data
 * folder holding 1,000 publish jobs (a mix of every status), served headless,
 * opened in Chromium; timed in the page from the click on the Crust tab to the
 * first order row in the DOM (target ≤ 300 ms), with the rows the DOM holds.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { openAppDatabase } from '../src-main/core/app-database';
import { PublishStore } from '../src-main/core/publish/publish-store';
import { repoRoot, round } from './bench-utils';
import { preparePage, timeUntil } from './ui-page-probes';

const CID = 'QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o';

function seedOrders(dataDir: string, count: number): void {
  const db = openAppDatabase(dataDir);
  try {
    // No endpoint to read: the page is measured, not the order checker.
    db.prepare("INSERT INTO settings (key, value) VALUES ('publish', ?)").run(JSON.stringify({ orderRoute: 'none', chain: { url: '' } }));
    const store = new PublishStore(db);
    const now = Date.now();
    db.exec('BEGIN');
    for (let i = 0; i < count; i++) {
      const id = store.add({ name: `scan-${String(i).padStart(4, '0')}.dcm`, connectionId: 'local', root: 'p:1', rootName: 'studies', path: `scans/scan-${i}.dcm`, folder: false, ipfsNode: 'kubo', orderRoute: 'pinning-service', localOnly: false });
      const kind = i % 5;
      store.update(id, {
        state: kind === 4 ? 'failed' : 'done',
        cid: CID,
        dagSize: 1000 + i,
        size: 1000 + i,
        bytesDone: 1000 + i,
        placedAt: now - 60_000,
        requestId: `req-${i}`,
        pinStatus: kind === 1 ? 'pinning' : kind === 0 ? 'pinned' : null,
        chain: kind === 2 ? { fileSize: 1000, reportedReplicaCount: 9, replicas: 9, expiredAt: 2_000, bestBlock: 1_000, expiresAt: now + 6_000_000 } : kind === 3 ? { fileSize: 1000, reportedReplicaCount: 0, replicas: 0, expiredAt: 900, bestBlock: 1_000, expiresAt: now - 600_000 } : undefined,
        checkedAt: now,
        error: kind === 4 ? { code: 'TokenRefused', message: 'pinning service at http://127.0.0.1:1 refused the token' } : undefined,
        finishedAt: now,
      });
    }
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

export async function benchCrustPage(options: { work: string; orders: number; log: (message: string) => void }): Promise<{ orders: number; firstRowsMs: number; domRows: number; targetMet: boolean }> {
  options.log('building the renderer');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const dataDir = join(options.work, 'app');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  seedOrders(dataDir, options.orders);
  const token = randomBytes(18).toString('base64url');
  const serve: ChildProcess = spawn(process.execPath, ['out/cli/serve.mjs', '--port', '0', '--data', dataDir, `--token=${token}`], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const appUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      serve.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /open (http:\/\/\S+)\/\?token=/.exec(out);
        if (m) resolve(m[1]!);
      });
      serve.once('exit', (code) => reject(new Error(`serve exited early (${code}): ${out}`)));
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await preparePage(page);
    await page.goto(`${appUrl}/?token=${token}`);
    await page.locator('[data-app-state="loaded"]').waitFor();
    // Twice: the first opening also loads the page's code; the second is what a user sees coming back.
    const timings: number[] = [];
    for (let round = 0; round < 2; round++) {
      const firstRow = await timeUntil(page, 'click', '[data-testid="crust-row"]');
      await page.getByTestId('page-crust').click();
      timings.push(await firstRow.result);
      await page.getByTestId('page-files').click();
      await page.getByTestId('crust-page').waitFor({ state: 'detached' });
    }
    await page.getByTestId('page-crust').click();
    await page.getByTestId('crust-row').first().waitFor();
    const domRows = await page.getByTestId('crust-row').count();
    const firstRowsMs = round(Math.max(...timings));
    options.log(`Crust page with ${options.orders} orders: first rows after ${timings.map((t) => round(t)).join(' / ')} ms, ${domRows} rows in the DOM`);
    return { orders: options.orders, firstRowsMs, domRows, targetMet: firstRowsMs <= 300 };
  } finally {
    await browser.close();
    serve.kill('SIGTERM');
    await new Promise((resolve) => serve.once('exit', resolve));
  }
}
