/**
 * The "add into the storage node's Kubo subset" case of bench:publish: a
 * file streamed as one multipart `add` over node:http into a storage node
 * process started as `npm run storage-node` starts it (with --ipfs-port), the
 * node's peak RSS (VmHWM: the kernel's high-water mark, not a sample) and the
 * answered CID checked against the one computed locally.
 */
import { createReadStream, statSync } from 'node:fs';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { peakRssMb, round, startNodeProcess, stopProcess, timed } from './bench-utils';

const BOUNDARY = '----jcs-bench-publish';

export interface NodeAddResult {
  seconds: number;
  mbPerS: number;
  nodePeakRssMB: number;
  cid: string;
  dagSize: number;
  cidMatches: boolean;
}

export async function benchNodeAdd(options: { file: string; dataDir: string; expectedCid: string }): Promise<NodeAddResult> {
  const size = statSync(options.file).size;
  const node = await startNodeProcess(['--data', options.dataDir, '--port', '0', '--ipfs-port', '0']);
  try {
    const match = /IPFS API \(Kubo RPC subset\) on (http:\/\/\S+)\/api\/v0\//.exec(node.output());
    if (!match) throw new Error(`the node did not announce its IPFS API:\n${node.output()}`);
    const { ms, value: result } = await timed(() => addFile(match[1]!, options.file));
    return {
      seconds: round(ms / 1000, 2),
      mbPerS: round(size / 1e6 / (ms / 1000)),
      nodePeakRssMB: round(peakRssMb(node.child.pid!)),
      cid: result.cid,
      dagSize: result.dagSize,
      cidMatches: result.cid === options.expectedCid,
    };
  } finally {
    await stopProcess(node.child);
  }
}

async function* multipart(file: string): AsyncGenerator<Buffer> {
  yield Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) yield chunk as Buffer;
  yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
}

function addFile(api: string, file: string): Promise<{ cid: string; dagSize: number }> {
  const url = new URL('/api/v0/add?cid-version=0&raw-leaves=false&chunker=size-262144&pin=true', api);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        const lines = text.split('\n').filter((l) => l.trim() !== '');
        const last = lines.length > 0 ? (JSON.parse(lines[lines.length - 1]!) as { Hash?: string; Size?: string; Message?: string }) : {};
        if (res.statusCode !== 200 || !last.Hash) reject(new Error(`add failed (${res.statusCode}): ${last.Message ?? text.slice(0, 300)}`));
        else resolve({ cid: last.Hash, dagSize: Number(last.Size) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    Readable.from(multipart(file)).pipe(req);
  });
}
