// Builds what the end-to-end tests run: the renderer and the command-line bundles.
import { execFileSync } from 'node:child_process';
import { buildCli } from '../../scripts/run-cli.mjs';

export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  await buildCli();
}
