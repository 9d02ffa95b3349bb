/**
 * npm run bench:publish — publishing's costs, next to the tools users compare
 * with, in the same run:
 *   1. the CID of a 1 GiB file (our streaming UnixFS hasher) against
 *      `sha256sum` and Debian's `ipfs_cid` of the same file (targets: at least
 *      sha256sum's speed, ≥ 3× ipfs_cid);
 *   2. an add of the same file into the storage node's Kubo subset, streamed
 *      as one multipart request: MB/s and the node's peak RSS (target ≤ 200 MB);
 *   3. the Crust page with 1,000 orders in Chromium: first rows (target ≤ 300 ms).
 * Prints progress to stderr and a JSON summary as the last line of stdout.
 *
 *   BENCH_BIG_MB (default 1024)   size of the file
 *   BENCH_ORDERS (default 1000)   orders on the Crust page
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cidOfFile } from '../src-main/common/ipfs/unixfs-file-hasher';
import { mbPerSecond, median, round, timeCommand, timed } from './bench-utils';
import { benchCrustPage } from './publish-crust-page';
import { benchNodeAdd } from './publish-node-add';

const BIG_MB = Number(process.env.BENCH_BIG_MB ?? 1024);
const ROUNDS = 3;
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1000);
const log = (message: string) => process.stderr.write(`[bench:publish] ${message}\n`);

async function writeRandomFile(path: string, mb: number): Promise<void> {
  const out = createWriteStream(path);
  const chunk = randomBytes(1024 * 1024);
  for (let i = 0; i < mb; i++) {
    chunk.writeUInt32LE(i, 0);
    if (!out.write(Buffer.from(chunk))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function cidCase(path: string, bytes: number): Promise<Record<string, unknown>> {
  timeCommand('cat', [path]); // the file in the page cache for every contender alike
  const ours: number[] = [];
  const sha: number[] = [];
  const ipfsCid: number[] = [];
  const hasIpfsCid = spawnSync('ipfs_cid', ['--help']).error === undefined;
  let cid = '';
  let theirs = '';
  for (let round = 0; round < ROUNDS; round++) {
    const run = await timed(() => cidOfFile(path));
    cid = run.value.cid;
    ours.push(run.ms);
    sha.push(timeCommand('sha256sum', [path]));
    if (hasIpfsCid) {
      const started = performance.now();
      const printed = spawnSync('ipfs_cid', [path], { encoding: 'utf8' });
      ipfsCid.push(performance.now() - started);
      theirs = (JSON.parse(printed.stdout) as { CIDv0: string }).CIDv0;
    }
    log(`round ${round + 1}: ours ${round1(ours.at(-1)!)} ms, sha256sum ${round1(sha.at(-1)!)} ms${hasIpfsCid ? `, ipfs_cid ${round1(ipfsCid.at(-1)!)} ms` : ''}`);
  }
  if (hasIpfsCid && theirs !== cid) throw new Error(`CIDs differ: ours ${cid}, ipfs_cid ${theirs}`);
  const oursMBps = mbPerSecond(bytes, median(ours));
  const shaMBps = mbPerSecond(bytes, median(sha));
  const ipfsCidMBps = hasIpfsCid ? mbPerSecond(bytes, median(ipfsCid)) : null;
  return {
    cid,
    sameAsIpfsCid: hasIpfsCid ? theirs === cid : null,
    oursMBps: round(oursMBps),
    sha256sumMBps: round(shaMBps),
    ipfsCidMBps: ipfsCidMBps === null ? null : round(ipfsCidMBps),
    vsSha256sum: round(oursMBps / shaMBps, 2),
    vsIpfsCid: ipfsCidMBps === null ? null : round(oursMBps / ipfsCidMBps, 2),
    targetsMet: oursMBps >= shaMBps && (ipfsCidMBps === null || oursMBps >= 3 * ipfsCidMBps),
  };
}

function round1(ms: number): number {
  return Math.round(ms);
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'jcs-bench-publish-'));
  try {
    const big = join(work, 'big.bin');
    const bytes = BIG_MB * 1024 * 1024;
    log(`writing a ${BIG_MB} MiB file`);
    await writeRandomFile(big, BIG_MB);
    log('CID of the file: ours, sha256sum, ipfs_cid');
    const cid = await cidCase(big, bytes);
    log('add of the file into the storage node’s Kubo subset');
    const add = await benchNodeAdd({ file: big, dataDir: join(work, 'node'), expectedCid: String(cid.cid) });
    log(`add: ${add.mbPerS} MB/s, node peak RSS ${add.nodePeakRssMB} MB, CID ${add.cidMatches ? 'matches' : 'DIFFERS'}`);
    await rm(big);
    const crustPage = await benchCrustPage({ work, orders: ORDERS, log });
    console.log(JSON.stringify({ bench: 'publish', fileMB: BIG_MB, cid, nodeAdd: { ...add, targetMet: add.nodePeakRssMB <= 200 && add.cidMatches }, crustPage }));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
