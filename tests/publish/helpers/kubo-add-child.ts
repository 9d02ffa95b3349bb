/**
 * Adds one file through KuboClient in a process of its own, so its memory is
 * the client's alone (the test's fixture server lives in the parent):
 *   node --import tsx tests/publish/helpers/kubo-add-child.ts <kuboUrl> <file>
 * Prints one JSON line: the RSS before the add, the peak RSS during it
 * (sampled every 10 ms, and the kernel's high-water mark), and the result.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { KuboClient } from '../../../src-main/core/publish/kubo/kubo-client';

const [url, file] = process.argv.slice(2) as [string, string];
const client = new KuboClient({ url, auth: { kind: 'none' } });
// Warm up: modules loaded, one small exchange done, before the baseline is read.
await client.version();
global.gc?.();
const baselineRss = process.memoryUsage().rss;
let peakRss = baselineRss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
let progressCalls = 0;
const size = (await stat(file)).size;
const { root } = await client.add([{ path: 'big.bin', kind: 'file', size, open: () => Promise.resolve(createReadStream(file)) }], { onProgress: () => progressCalls++ });
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
client.close();
console.log(JSON.stringify({ baselineRss, peakRss, maxRssKernel: process.resourceUsage().maxRSS * 1024, root, progressCalls }));
