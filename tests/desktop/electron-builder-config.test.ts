/**
 * The installers' configuration (electron-builder.json) is checked here with
 * electron-builder's own JSON schema, as electron-builder checks it before it
 * packages: packaging itself needs the Electron binary, which this machine
 * cannot download, so a mistake would otherwise only show on a release machine.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;
type Config = Record<string, unknown> & {
  files: string[];
  extraResources: Array<{ from: string; to: string }>;
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  nsis: { installerIcon: string };
};

const schema = readJson('node_modules/app-builder-lib/scheme.json');
// The options electron-builder's own validator uses (app-builder-lib/out/util/config/schemaValidator.js), minus type coercion: stricter.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const config = readJson('electron-builder.json') as Config;

describe('electron-builder configuration', () => {
  it('is valid against electron-builder’s schema', () => {
    const valid = validate(config);
    expect(validate.errors ?? [], 'schema errors').toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check catches a misplaced or misspelt option (so the check above means something)', () => {
    expect(validate({ ...config, title: 'JCS Desktop' })).toBe(false); // "title" belongs to dmg
    expect(validate({ ...config, linux: { ...config.linux, targets: ['deb'] } })).toBe(false);
    expect(validate({ ...config, nsis: { ...config.nsis, oneClick: 'no' } })).toBe(false);
  });

  it('makes an AppImage and a deb for Linux, an NSIS installer for Windows and a dmg for macOS', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('points at icons that exist, of the kind each platform takes', () => {
    expect(statSync(join(root, config.linux.icon)).isDirectory()).toBe(true);
    expect(existsSync(join(root, config.linux.icon, '512x512.png'))).toBe(true);
    expect(config.win.icon).toMatch(/\.ico$/);
    expect(config.nsis.installerIcon).toMatch(/\.ico$/);
    expect(config.mac.icon).toMatch(/\.icns$/);
    for (const icon of [config.win.icon, config.nsis.installerIcon, config.mac.icon]) expect(existsSync(join(root, icon)), icon).toBe(true);
    // The tray and the window load their icons from the packaged resources (appIconFolder in src-main/app/tray.ts).
    const trayIcons = config.extraResources.find((entry) => entry.to === 'icons');
    for (const size of [16, 32, 256]) expect(trayIcons && existsSync(join(root, trayIcons.from, `${size}x${size}.png`)), `${size} px`).toBe(true);
  });

  it('packages the built app: the entry point package.json names, the preload and the renderer', () => {
    const main = readJson('package.json').main as string;
    expect(main).toBe('out/main/index.js');
    expect(config.files).toEqual(expect.arrayContaining(['package.json', 'out/main/**', 'out/preload/**', 'out/renderer/**']));
  });

  it('npm run dist builds first, then packages with this file', () => {
    const scripts = readJson('package.json').scripts as Record<string, string>;
    expect(scripts.dist).toBe('npm run build && electron-builder --config electron-builder.json');
  });
});
