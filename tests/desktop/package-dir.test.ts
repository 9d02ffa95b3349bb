/**
 * A real electron-builder run of electron-builder.json (Linux, unpacked
 * folder: `--dir`), offline: the Electron distribution it copies is a
 * stand-in folder (this machine cannot download Electron; packaging around it
 * is the same). Checks what the packaged app needs at run time is where the
 * code looks for it: main, the storage node script, the preload, the
 * renderer, the runtime dependencies, native modules outside the asar, and
 * the icons main loads from the resources folder.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const temp = mkdtempSync(join(tmpdir(), 'jcs-package-'));
const output = join(temp, 'release');
const appDir = join(output, 'linux-unpacked');
let asarFiles: Set<string>;

beforeAll(() => {
  // Built now, as npm run dist does: a stale out/ would check an older layout.
  const build = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { cwd: root, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  const electronDist = join(temp, 'electron-dist');
  mkdirSync(electronDist);
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(electronDist, 'electron'), 0o755);
  const run = spawnSync(
    process.execPath,
    ['node_modules/electron-builder/cli.js', '--config', 'electron-builder.json', '--linux', '--dir', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`],
    { cwd: root, encoding: 'utf8', timeout: 280_000 },
  );
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  asarFiles = new Set(listPackage(join(appDir, 'resources', 'app.asar'), { isPack: false }).map((path) => path.replaceAll('\\', '/')));
}, 300_000);

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the packaged app (electron-builder --dir, Linux)', () => {
  it('is an executable named jcs-desktop', () => {
    expect(existsSync(join(appDir, 'jcs-desktop'))).toBe(true);
  });

  it('holds main, the storage node script, the preload and the renderer where main looks for them, and none of our source maps', () => {
    for (const file of ['/package.json', '/out/main/index.js', '/out/main/storage-node.js', '/out/preload/index.cjs', '/out/renderer/index.html']) expect(asarFiles.has(file), file).toBe(true);
    expect([...asarFiles].filter((path) => path.startsWith('/out/') && path.endsWith('.map'))).toEqual([]);
    const manifest = JSON.parse(extractFile(join(appDir, 'resources', 'app.asar'), 'package.json').toString('utf8')) as { main: string; name: string };
    expect(manifest.main).toBe('out/main/index.js');
    // Only the product's dependencies: no build tools.
    for (const dependency of ['libsql', 'zod', 'ws', 'chokidar', 'sharp']) expect(asarFiles.has(`/node_modules/${dependency}/package.json`), dependency).toBe(true);
    for (const tool of ['electron', 'vite', 'typescript', 'electron-builder', 'highlight.js']) expect(asarFiles.has(`/node_modules/${tool}/package.json`), tool).toBe(false);
  });

  it('keeps the native SQLite module outside the asar (a .node file cannot be loaded from inside one)', () => {
    expect(existsSync(join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', '@libsql', `${process.platform}-${process.arch}-gnu`, 'index.node'))).toBe(true);
  });

  it('keeps sharp and its libvips outside the asar (main makes thumbnails with them; the .node finds libvips by a path relative to itself)', () => {
    const img = join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', '@img');
    const arch = `${process.platform}-${process.arch}`;
    expect(readdirSync(join(img, `sharp-${arch}`, 'lib')).some((name) => name.endsWith('.node'))).toBe(true);
    expect(readdirSync(join(img, `sharp-libvips-${arch}`, 'lib')).some((name) => name.startsWith('libvips-cpp.so'))).toBe(true);
  });

  it('has the icons main loads from the resources folder (tray: 16 and 32 px, window: 256 px)', () => {
    for (const size of [16, 32, 256]) expect(existsSync(join(appDir, 'resources', 'icons', `${size}x${size}.png`)), `${size} px`).toBe(true);
  });
});
