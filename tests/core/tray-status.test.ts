/**
 * The tray's state on a real core (embedded storage node, real files): the
 * view follows transfer and sync events, Pause all / Resume all reach every
 * transfer and sync task, and the Start at login setting is stored, checked
 * and announced like the other settings.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../src-main/core/app-core';
import { TrayStatus } from '../../src-main/core/tray/tray-status';
import type { TrayView } from '../../src-main/core/tray/tray-view';
import { openAppDatabase } from '../../src-main/core/app-database';
import { callErr, callOk, openCore, recordEvents } from '../helpers/core';
import { createTask, makePackage, openSyncCore, taskConfig, taskView } from '../helpers/sync';
import { makeTempDir } from '../helpers/temp-dir';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let core: AppCore;

beforeAll(async () => {
  temp = await makeTempDir('jcs-tray');
  core = await openSyncCore(join(temp.path, 'app'));
});

afterAll(async () => {
  await core?.close();
  await temp?.remove();
});

/** A TrayStatus on the core, with the views it publishes and a way to wait for one (event-driven: it publishes after events). */
function trayOn(target: AppCore) {
  const views: TrayView[] = [];
  const waiters = new Set<() => void>();
  const status = new TrayStatus({
    call: (name, input) => target.call(name, input),
    events: target.events,
    language: () => 'en',
    startAtLogin: () => target.deps.settings.get().startAtLogin,
    settleMs: 50,
    onView: (view) => {
      views.push(view);
      for (const wake of waiters) wake();
    },
  });
  const lines = (view: TrayView) => view.menu.flatMap((item) => (item.kind === 'status' ? [item.label] : []));
  const enabled = (view: TrayView, action: string) => view.menu.some((item) => item.kind === 'action' && item.action === action && item.enabled);
  /** Resolves with the first view (already published or to come) that `match` accepts. */
  const viewWhere = (what: string, match: (view: TrayView) => boolean, timeoutMs = 15_000) =>
    new Promise<TrayView>((resolve, reject) => {
      const check = () => {
        const found = views.findLast(match);
        if (!found) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no tray view ${what} within ${timeoutMs} ms; last: ${JSON.stringify(views.at(-1) && lines(views.at(-1)!))}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  return { status, views, lines, enabled, viewWhere };
}

describe('the tray on a real core', () => {
  it('follows transfers and sync tasks through events, and Pause all / Resume all reach every one of them', async () => {
    const tray = trayOn(core);
    await tray.status.start();
    try {
      const first = tray.views.at(-1)!;
      expect(tray.lines(first)).toEqual(['No transfers', 'No sync tasks']);
      expect(tray.enabled(first, 'pauseAll')).toBe(false);

      // A sync task appears: sync.changed brings a new view without anyone asking.
      const target = await makePackage(core, 'tray');
      const folder = join(temp.path, 'synced');
      mkdirSync(folder);
      const task = await createTask(core, taskConfig(target, folder, { trigger: { type: 'Manual' } }));
      await tray.viewWhere('with the new task', (view) => tray.lines(view)[1] === 'Sync: 1 task · up to date');

      // A slow upload (a bandwidth limit keeps it running): transfers.changed / progress bring it.
      await callOk(core, 'settings.update', { transfers: { ...core.deps.settings.get().transfers, bandwidthLimitKiBps: 16 } });
      const file = join(temp.path, 'slow.bin');
      writeFileSync(file, Buffer.alloc(2 * 1024 * 1024, 7));
      await callOk(core, 'transfers.uploadPaths', { connectionId: target.connectionId, root: target.root, targetFolder: 'up/', paths: [file], conflict: 'overwrite' });
      await tray.viewWhere('with the upload running', (view) => tray.lines(view)[0] === 'Transfers: 1 running');

      await tray.status.pauseAll();
      expect((await taskView(core, task.id)).status).toBe('paused');
      expect(await callOk(core, 'transfers.totals', {})).toMatchObject({ running: 0, queued: 0, paused: 1 });
      const paused = await tray.viewWhere('all paused', (view) => tray.lines(view).join(' | ') === 'Transfers: 1 paused | Sync: 1 task · 1 paused');
      expect(tray.enabled(paused, 'pauseAll')).toBe(false);
      expect(tray.enabled(paused, 'resumeAll')).toBe(true);

      await tray.status.resumeAll();
      expect((await taskView(core, task.id)).status).not.toBe('paused');
      const totals = await callOk(core, 'transfers.totals', {});
      expect(totals.paused).toBe(0);
      expect(totals.running + totals.queued).toBe(1);
      await tray.viewWhere('resumed', (view) => !tray.enabled(view, 'resumeAll') && tray.lines(view)[1] === 'Sync: 1 task · up to date');
    } finally {
      tray.status.stop();
      await callOk(core, 'transfers.control', { action: 'cancel', ids: null });
      await callOk(core, 'settings.update', { transfers: { ...core.deps.settings.get().transfers, bandwidthLimitKiBps: 0 } });
    }
  });

  it('publishes nothing once stopped', async () => {
    const tray = trayOn(core);
    await tray.status.start();
    tray.status.stop();
    const seen = tray.views.length;
    await callOk(core, 'settings.update', { theme: 'dark' });
    await tray.status.refresh(); // a refresh already under way when stop() came must not publish either
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tray.views.length).toBe(seen);
  });
});

describe('the Start at login setting', () => {
  it('is off by default, stored, kept by other changes, announced, and shown by the tray', async () => {
    expect((await callOk(core, 'settings.get', {})).startAtLogin).toBe(false);
    const recorder = recordEvents(core);
    const tray = trayOn(core);
    await tray.status.start();
    try {
      await tray.status.setStartAtLogin(true);
      expect(recorder.of('settings.changed').at(-1)).toMatchObject({ startAtLogin: true });
      expect((await callOk(core, 'settings.update', { language: 'zh-CN' })).startAtLogin).toBe(true);
      expect((await callOk(core, 'settings.get', {})).startAtLogin).toBe(true);
      await tray.viewWhere('with Start at login checked', (view) => view.menu.some((item) => item.kind === 'checkbox' && item.checked));
    } finally {
      tray.status.stop();
      recorder.stop();
    }
  });

  it('refuses a value that is not true or false, and changes nothing', async () => {
    const before = await callOk(core, 'settings.get', {});
    const error = await callErr(core, 'settings.update', { startAtLogin: 'yes' });
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toMatch(/startAtLogin/);
    expect(await callOk(core, 'settings.get', {})).toEqual(before);
  });

  it('survives a restart; settings saved by a version without it read as off', async () => {
    const dataDir = join(temp.path, 'restart');
    let other = await openCore(dataDir);
    try {
      await callOk(other, 'settings.update', { startAtLogin: true });
      await other.close();
      other = await openCore(dataDir);
      expect((await callOk(other, 'settings.get', {})).startAtLogin).toBe(true);
      // An older version's document: no startAtLogin field at all.
      await other.close();
      const db = openAppDatabase(dataDir);
      db.prepare("UPDATE settings SET value = ? WHERE key = 'preferences'").run(JSON.stringify({ language: 'en', theme: 'light' }));
      db.close();
      other = await openCore(dataDir);
      expect(await callOk(other, 'settings.get', {})).toMatchObject({ language: 'en', theme: 'light', startAtLogin: false });
    } finally {
      await other.close();
    }
  });
});
