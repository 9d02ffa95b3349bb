/**
 * npm run bench:publish — publishing to IPFS, measured on this machine in one run.
 *
 *   1. CID of a big file (our streaming UnixFS hasher, cidOfFile) against
 *      `sha256sum` and Debian's `ipfs_cid` on the same file, page cache warm,
 *      runs interleaved so machine load hits all three alike. Our CID must equal
 *      ipfs_cid's, or the bench fails.
 *   2. an add of the big file into the storage node's Kubo-RPC subset, streamed
 *      as one multipart request: MB/s and the node's peak RSS (target ≤ 200 MB);
 *   3. the Crust page with 1,000 orders in Chromium: first rows (target ≤ 300 ms).
 *
 * Prints progress to stderr and a JSON summary as the last line of stdout.
 *   BENCH_PUBLISH_MB (default 1024)  size of the big file
 *   BENCH_PUBLISH_RUNS (3)           timed runs of each tool (ipfs_cid: at most 2, it is slow)
 *   BENCH_ORDERS (1000)              orders on the Crust page
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cidOfFile } from '../src-main/common/ipfs/unixfs-file-hasher';
import { mbPerSecond, median, peakRssMb, round, timeCommand, timed, writeRandomFile } from './bench-utils';
import { benchCrustPage } from './publish-crust-page';
import { benchNodeAdd } from './publish-node-add';

const BIG_MB = Number(process.env.BENCH_PUBLISH_MB ?? 1024);
const RUNS = Math.max(1, Number(process.env.BENCH_PUBLISH_RUNS ?? 3));
const ORDERS = Number(process.env.BENCH_ORDERS ?? 1000);
const log = (message: string) => process.stderr.write(`[bench:publish] ${message}\n`);

function ipfsCidInstalled(): boolean {
  return spawnSync('ipfs_cid', ['--help'], { stdio: 'ignore' }).error === undefined;
}

/** `ipfs_cid FILE` → its CIDv0 and wall time (it prints `{"CIDv0":…,"CIDv1":…}`, statistics on stderr). */
function ipfsCid(path: string): { cid: string; ms: number } {
  const start = process.hrtime.bigint();
  const result = spawnSync('ipfs_cid', [path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`ipfs_cid failed (${result.status ?? result.signal})`);
  const match = /\{[^}]*"CIDv0"[^}]*\}/.exec(result.stdout);
  if (!match) throw new Error(`ipfs_cid printed no CIDv0: ${result.stdout}`);
  return { cid: (JSON.parse(match[0]) as { CIDv0: string }).CIDv0, ms };
}

/**
 * Peak RSS of a fresh process that only computes the CID of `path`: in this
 * process the peak is set by writing the big file and would hide the hasher's.
 */
function hasherPeakRss(path: string): { startMB: number; peakMB: number } {
  const result = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--hash-only', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`the hash-only child failed (${result.status ?? result.signal})`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { startMB: number; peakMB: number };
}

async function hashOnly(path: string): Promise<void> {
  const startMB = peakRssMb(process.pid);
  await cidOfFile(path);
  console.log(JSON.stringify({ startMB: round(startMB), peakMB: round(peakRssMb(process.pid)) }));
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'jcs-bench-publish-'));
  try {
    const big = join(work, 'big.bin');
    const bytes = BIG_MB * 1024 * 1024;
    log(`writing ${BIG_MB} MiB of random data`);
    await writeRandomFile(big, BIG_MB);
    timeCommand('cat', [big]); // warm the page cache: every tool below reads from memory
    const withIpfsCid = ipfsCidInstalled();
    if (!withIpfsCid) log('ipfs_cid (Debian package ipfs-cid) is not installed: its comparison is left out');

    const shaMs: number[] = [];
    const oursMs: number[] = [];
    const ipfsCidMs: number[] = [];
    let ours: Awaited<ReturnType<typeof cidOfFile>> | undefined;
    let reference: string | undefined;
    for (let run = 0; run < RUNS; run++) {
      shaMs.push(timeCommand('sha256sum', [big]));
      const { ms, value } = await timed(() => cidOfFile(big));
      oursMs.push(ms);
      ours = value;
      if (withIpfsCid && run < 2) {
        const result = ipfsCid(big);
        ipfsCidMs.push(result.ms);
        reference = result.cid;
      }
      log(`run ${run + 1}: sha256sum ${round(mbPerSecond(bytes, shaMs.at(-1)!))} MB/s, cidOfFile ${round(mbPerSecond(bytes, ms))} MB/s${withIpfsCid && run < 2 ? `, ipfs_cid ${round(mbPerSecond(bytes, ipfsCidMs.at(-1)!))} MB/s` : ''}`);
    }
    if (reference !== undefined && reference !== ours!.cid) throw new Error(`our CID ${ours!.cid} differs from ipfs_cid's ${reference}`);
    const memory = hasherPeakRss(big);
    log(`a process that only hashes: peak RSS ${memory.peakMB} MB (${memory.startMB} MB before hashing)`);

    const cidMBps = mbPerSecond(bytes, median(oursMs));
    const shaMBps = mbPerSecond(bytes, median(shaMs));
    const ipfsCidMBps = ipfsCidMs.length ? mbPerSecond(bytes, median(ipfsCidMs)) : undefined;
    log('add of the file into the storage node’s Kubo subset');
    const add = await benchNodeAdd({ file: big, dataDir: join(work, 'node'), expectedCid: ours!.cid });
    log(`add: ${add.mbPerS} MB/s, node peak RSS ${add.nodePeakRssMB} MB, CID ${add.cidMatches ? 'matches' : 'DIFFERS'}`);
    await rm(big);
    const crustPage = await benchCrustPage({ work, orders: ORDERS, log });
    const summary = {
      bench: 'publish',
      fileMB: BIG_MB,
      cid: ours!.cid,
      dagSize: ours!.dagSize,
      cidMatchesIpfsCid: reference === undefined ? null : reference === ours!.cid,
      cidMBps: round(cidMBps),
      sha256sumMBps: round(shaMBps),
      ipfsCidMBps: ipfsCidMBps === undefined ? null : round(ipfsCidMBps),
      cidVsSha256sum: round(cidMBps / shaMBps, 2),
      cidVsIpfsCid: ipfsCidMBps === undefined ? null : round(cidMBps / ipfsCidMBps, 2),
      /** a process that only hashes the file: its peak RSS and how much hashing added (independent of file size) */
      cidProcessPeakRssMB: memory.peakMB,
      cidPeakRssGrowthMB: round(memory.peakMB - memory.startMB),
      kuboAdd: add,
      crustPage,
      runs: { sha256sumMs: shaMs.map((ms) => round(ms)), cidMs: oursMs.map((ms) => round(ms)), ipfsCidMs: ipfsCidMs.map((ms) => round(ms)) },
      targets: { cidVsSha256sum: '>= 1.0', cidVsIpfsCid: '>= 3.0', kuboAddNodePeakRssMB: '<= 200', crustPageFirstRowsMs: '<= 300' },
      met: {
        cidVsSha256sum: cidMBps >= shaMBps,
        cidVsIpfsCid: ipfsCidMBps === undefined ? null : cidMBps >= 3 * ipfsCidMBps,
        kuboAddNodePeakRssMB: add.nodePeakRssMB <= 200 && add.cidMatches,
        crustPageFirstRowsMs: crustPage.targetMet,
      },
    };
    console.log(JSON.stringify(summary));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const hashOnlyIndex = process.argv.indexOf('--hash-only');
(hashOnlyIndex >= 0 ? hashOnly(process.argv[hashOnlyIndex + 1]!) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
