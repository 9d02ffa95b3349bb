/** The app's core as the benchmarks run it: a real AppCore in headless mode with the bundled storage node. */
import { join } from 'node:path';
import { inspect } from 'node:util';
import { createAppCore, type AppCore } from '../src-main/core/app-core';
import { FileKeySecretBox } from '../src-main/core/secrets/file-key-secret-box';
import { repoRoot } from './bench-utils';

/** Opens a core on `dataDir`; its log lines go to `log` (buildBundles() must have run). */
export function createBenchCore(dataDir: string, log: (message: string) => void): Promise<AppCore> {
  return createAppCore({
    dataDir,
    mode: 'headless',
    version: '0.0.0-bench',
    storageNodeScript: join(repoRoot, 'out/cli/storage-node.mjs'),
    secretBox: (dir) => new FileKeySecretBox(dir),
    log: (message, error) => log(`core: ${message} ${error === undefined ? '' : inspect(error)}`),
  });
}
