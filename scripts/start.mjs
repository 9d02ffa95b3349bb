#!/usr/bin/env node
// `npm start`: runs the built desktop app (electron-vite preview) where the
// Electron binary is installed or can be downloaded (the electron package
// fetches it from GitHub on first use). Where it cannot be had, electron-vite
// would only say "Error: Electron uninstall"; this says why and what to do
// instead: headless mode (`npm run serve`) needs no Electron.
// Extra arguments go to electron-vite preview (e.g. --skipBuild).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'package.json'));

/** The installed binary, as electron-vite finds it (ELECTRON_EXEC_PATH, else the electron package's path.txt), or undefined. */
function installedElectron(electronDir) {
  if (process.env.ELECTRON_EXEC_PATH) return existsSync(process.env.ELECTRON_EXEC_PATH) ? process.env.ELECTRON_EXEC_PATH : undefined;
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

/** Finds the binary, downloading it the way the electron package does on first use; returns it or why it is missing. */
function electronBinary() {
  let electronDir;
  try {
    electronDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed (npm install has not run, or ran with --omit=dev)' };
  }
  const found = installedElectron(electronDir);
  if (found) return { binary: found };
  if (process.env.ELECTRON_EXEC_PATH) return { reason: `ELECTRON_EXEC_PATH names ${process.env.ELECTRON_EXEC_PATH}, which does not exist` };
  console.log('Downloading the Electron binary (first use)…');
  const download = spawnSync(process.execPath, [join(electronDir, 'install.js')], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  const again = installedElectron(electronDir);
  if (again) return { binary: again };
  const why = (download.stderr ?? '').split('\n').find((line) => line.trim()) ?? `exit code ${download.status}`;
  return { reason: `the Electron binary is not installed and could not be downloaded (${why.trim()})` };
}

const electron = electronBinary();
if (!electron.binary) {
  console.error(
    [
      '',
      `JCS Desktop cannot open its window on this machine: ${electron.reason}.`,
      '',
      'Use the app here in headless mode instead, the same UI in your browser:',
      '',
      '    npm run serve',
      '',
      'It prints a loopback address with a token to open. To run the desktop app, install the',
      'Electron binary (npx install-electron, with access to github.com), then npm start again.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const electronVite = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
const run = spawnSync(process.execPath, [electronVite, 'preview', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: electron.binary },
});
process.exit(run.status ?? 1);
