/**
 * `npm start` (scripts/start.mjs): where the Electron binary cannot be had it
 * says so and names `npm run serve`, exiting non-zero; where it can, it runs
 * electron-vite preview with that binary. The second case uses a stand-in
 * executable (this machine cannot download Electron) that records how it was
 * started: what is checked is that the real electron-vite gets to launch it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const temp = mkdtempSync(join(tmpdir(), 'jcs-start-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function npmStart(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync('npm', ['start', '--silent', ...(args.length ? ['--', ...args] : [])], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
}

function installedElectron(): string | undefined {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

describe('npm start', () => {
  it.skipIf(installedElectron() !== undefined || process.env.ELECTRON_EXEC_PATH)(
    'without an Electron binary (this machine: it cannot be downloaded), names npm run serve and exits non-zero',
    () => {
      const result = npmStart([], {});
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('the Electron binary is not installed and could not be downloaded');
      expect(result.stderr).toMatch(/^\s+npm run serve$/m);
      expect(result.stderr).not.toContain('Electron uninstall');
    },
  );

  it('with ELECTRON_EXEC_PATH naming a missing file, says so and names npm run serve (on any machine)', () => {
    const missing = join(temp, 'no-such-electron');
    const result = npmStart([], { ELECTRON_EXEC_PATH: missing });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`ELECTRON_EXEC_PATH names ${missing}, which does not exist`);
    expect(result.stderr).toMatch(/^\s+npm run serve$/m);
  });

  describe('with a binary', () => {
    beforeAll(() => {
      // electron-vite preview --skipBuild starts the built entry point; build it once if this checkout has not.
      if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
        const build = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { cwd: root, stdio: 'inherit' });
        expect(build.status).toBe(0);
      }
    }, 300_000);

    it('runs electron-vite preview, which starts that binary on the app and passes its exit code on', () => {
      const record = join(temp, 'started.json');
      const fake = join(temp, 'electron');
      writeFileSync(fake, `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() }));\nprocess.exit(7);\n`);
      chmodSync(fake, 0o755);
      const result = npmStart(['--skipBuild'], { ELECTRON_EXEC_PATH: fake });
      expect(result.stderr).not.toContain('npm run serve');
      expect(existsSync(record)).toBe(true);
      const started = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; cwd: string };
      expect(started.argv[0]).toBe('.'); // electron-vite starts Electron on the project, whose package.json names out/main/index.js
      expect(started.cwd).toBe(root);
      expect(result.status).toBe(7);
    }, 120_000);
  });
});
