#!/usr/bin/env node
// Bundles the plain-Node command-line entry points (`storage-node`, `serve`)
// into out/cli/ with esbuild (a few tens of milliseconds). The npm scripts then
// run the bundle in a fresh `node` process, with no TypeScript loader and no
// bundler in memory, so it costs what the product costs (tsx's loader thread
// alone adds ~40 MB; esbuild's API another ~12 MB).
//   node scripts/run-cli.mjs --build-only       builds every entry point
//   node scripts/run-cli.mjs <name> [args...]   builds, then runs in this process (for quick tries)
import { build, stop } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const entryPoints = {
  'storage-node': 'src-main/storage-node/cli.ts',
  serve: 'src-main/headless/cli.ts',
};

export async function buildCli(names = Object.keys(entryPoints)) {
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(names.map((n) => [n, entryPoints[n]])),
    outdir: 'out/cli',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Dynamic imports become chunks loaded when first used: the node loads the AWS SDK only for an S3 space.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    packages: 'external', // node_modules load as they are (libsql is native)
    alias: { '@shared': './src-shared' },
    logLevel: 'warning',
  });
  await stop(); // the esbuild service process is not needed while the CLI runs
}

/** Bundles a benchmark (bench/<name>.bench.ts) to out/bench/, so it measures the core as plain node runs it. */
export async function buildBench(name) {
  await build({
    absWorkingDir: root,
    entryPoints: { [`${name}.bench`]: `bench/${name}.bench.ts` },
    outdir: 'out/bench',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    alias: { '@shared': './src-shared' },
    logLevel: 'warning',
  });
  await stop();
}

const [name, ...args] = process.argv.slice(2);
if (name === '--build-only') {
  await buildCli();
} else if (name === '--build-bench') {
  await buildBench(args[0]);
} else if (name && name in entryPoints) {
  await buildCli(); // all of them: `serve` runs the storage-node bundle as its embedded node
  process.argv = [process.argv[0], `${name}`, ...args];
  await import(pathToFileURL(`${root}/out/cli/${name}.mjs`).href);
} else if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.error(`usage: node scripts/run-cli.mjs <${Object.keys(entryPoints).join('|')}|--build-only> [args...]`);
  process.exit(2);
}
