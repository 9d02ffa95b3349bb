/**
 * npm run serve -- [--port P] [--host 127.0.0.1] [--data DIR] [--token T] [--allow-remote]
 * Headless mode: the core, the embedded storage node and the UI served to a
 * browser. Loopback only unless --allow-remote is given; a token always.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { createAppCore } from '../core/app-core';
import { FileKeySecretBox } from '../core/secrets/file-key-secret-box';
import { defaultUserDataDir } from '../core/user-data-dir';
import { isLoopbackHost } from '../common/network';
import { hostForUrl, machineAddresses } from './headless-auth';
import { startHeadlessServer } from './headless-server';
import { portProblem } from '../common/cli-port';

const USAGE = 'usage: npm run serve -- [--port PORT] [--host 127.0.0.1] [--data DIR] [--token TOKEN] [--allow-remote]';
export const DEFAULT_HEADLESS_PORT = 7891;

function fail(message: string): never {
  console.error(`serve: ${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: String(DEFAULT_HEADLESS_PORT) },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string' },
        token: { type: 'string' },
        'allow-remote': { type: 'boolean', default: false },
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
  const badPort = portProblem(values.port);
  if (badPort) fail(badPort);
  if (!isLoopbackHost(values.host) && !values['allow-remote']) {
    fail(`--host ${values.host} is not a loopback address; add --allow-remote to serve other machines (traffic is plain HTTP: use a trusted network or a tunnel)`);
  }
  const token = values.token ?? randomBytes(24).toString('base64url');
  if (!/^[A-Za-z0-9._~-]{16,256}$/.test(token)) fail('--token must be 16-256 characters of A-Z a-z 0-9 . _ ~ -');

  const here = dirname(fileURLToPath(import.meta.url)); // out/cli
  const staticDir = resolve(here, '../renderer');
  if (!existsSync(join(staticDir, 'index.html'))) fail(`the UI is not built (${staticDir} has no index.html); run \`npm run serve\`, which builds it`);
  const version = (JSON.parse(readFileSync(resolve(here, '../../package.json'), 'utf8')) as { version: string }).version;
  const dataDir = resolve(values.data ?? defaultUserDataDir());

  const core = await createAppCore({
    dataDir,
    mode: 'headless',
    version,
    storageNodeScript: join(here, 'storage-node.mjs'),
    secretBox: (dir) => new FileKeySecretBox(dir),
  });
  let server;
  try {
    server = await startHeadlessServer({ core, host: values.host, port: Number(values.port), token, staticDir });
  } catch (error) {
    await core.close();
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'EADDRINUSE' ? `port ${values.port} is in use; choose another with --port (0 picks a free one)` : (error as Error).message);
  }
  console.log(`data folder: ${dataDir}`);
  // One write, so a reader of the pipe sees every address together with the first line.
  console.log(addressLines(values.host, server.port, server.url, token).join('\n'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`serve: ${signal} received, stopping`);
    void server
      .close()
      .then(() => core.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('serve: error while stopping', error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/**
 * Where to point a browser. Bound to every address (0.0.0.0 or ::), the server
 * answers to each of this machine's addresses but to no name, so those are
 * what a user on another machine must open.
 */
function addressLines(host: string, port: number, url: string, token: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [`open ${url}/?token=${token}`];
  const local = host === '::' ? `http://[::1]:${port}` : `http://127.0.0.1:${port}`;
  const remote = machineAddresses()
    .filter((address) => !isLoopbackHost(address) && !address.toLowerCase().startsWith('fe80:') && (host === '::' || isIP(address) === 4))
    .map((address) => `  http://${hostForUrl(address)}:${port}/?token=${token}`);
  return [
    `open ${local}/?token=${token}`,
    'from another machine, open this machine by its address (a DNS name is refused: DNS-rebinding defence; traffic is plain HTTP, so use a trusted network or a tunnel):',
    ...remote,
  ];
}

void main();
