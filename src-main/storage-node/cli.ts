/**
 * npm run storage-node -- --data DIR --port PORT [--host HOST] [--access-key AK --secret-key SK] [--ipfs-port PORT]
 * Runs the storage node in the foreground until SIGINT or SIGTERM.
 * `--ipfs-port` also serves the Kubo-RPC subset (`/api/v0/…`) on that port; its
 * optional bearer token comes from JCS_NODE_IPFS_TOKEN (never the command line).
 * The key pair may also come from JCS_NODE_ACCESS_KEY / JCS_NODE_SECRET_KEY
 * (the app passes it that way: the environment is private to the process,
 * the command line is not). `--exit-with-parent` stops the node when its stdin
 * closes, which happens when the process that started it dies.
 */
import '../common/io-thread-pool'; // first: see the file
import { parseArgs } from 'node:util';
import { startStorageNode } from './storage-node';
import { portProblem } from '../common/cli-port';

const USAGE = 'usage: npm run storage-node -- --data DIR --port PORT [--host HOST] [--access-key AK --secret-key SK] [--ipfs-port PORT]';

function fail(message: string): never {
  console.error(`storage node: ${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        'access-key': { type: 'string' },
        'secret-key': { type: 'string' },
        'ipfs-port': { type: 'string' },
        'exit-with-parent': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.data) fail('--data DIR is required');
  if (values.port === undefined) fail('--port PORT is required (0 picks a free port)');
  const badPort = portProblem(values.port);
  if (badPort) fail(badPort);
  const accessKey = values['access-key'] ?? process.env.JCS_NODE_ACCESS_KEY;
  const secretKey = values['secret-key'] ?? process.env.JCS_NODE_SECRET_KEY;
  if ((accessKey === undefined) !== (secretKey === undefined)) fail('--access-key and --secret-key go together');
  const ipfsPort = values['ipfs-port'];
  if (ipfsPort !== undefined) {
    const badIpfsPort = portProblem(ipfsPort);
    if (badIpfsPort) fail(badIpfsPort.replace('--port', '--ipfs-port'));
  }
  const ipfsToken = process.env.JCS_NODE_IPFS_TOKEN || undefined;

  let node;
  try {
    node = await startStorageNode({
      dataDir: values.data,
      port: Number(values.port),
      host: values.host,
      credentials: accessKey !== undefined && secretKey !== undefined ? { accessKey, secretKey } : undefined,
      ipfs: ipfsPort === undefined ? undefined : { port: Number(ipfsPort), bearerToken: ipfsToken },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`storage node: ${signal} received, stopping`);
    node.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('storage node: error while stopping', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (values['exit-with-parent']) {
    process.stdin.on('end', () => stop('end of stdin (parent gone)'));
    process.stdin.on('error', () => stop('stdin error (parent gone)'));
    process.stdin.resume();
  }
  if (node.ipfsUrl) console.log(`storage node IPFS API (Kubo RPC subset) on ${node.ipfsUrl}/api/v0/`);
  // Only now announce readiness: a supervisor may signal as soon as it reads this line.
  console.log(`storage node listening on ${node.url}`);
}

void main();
