/**
 * One request to the Kubo-RPC subset, with Kubo's rules: commands live under
 * `/api/v0/`, only POST runs them (any other method on a command is 405),
 * and callers are checked on the headers (see kubo-auth.ts) before a body
 * byte is read. A body that stops arriving is cut off after the node's idle
 * limit; a client that went away costs one log line; any failure is answered
 * and the server keeps serving.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { guardBodyIdle } from '../http/body-idle-guard';
import type { NodeLimits } from '../http/limits';
import { ClientGoneError, hasBody } from '../http/request-input';
import { RESPONDED } from '../http/route';
import { authorizeKuboCaller, type KuboAuth } from './kubo-auth';
import type { IpfsServices, KuboCommand } from './kubo-command';
import { KuboError, kuboBadRequest } from './kubo-error';
import { KuboQuery } from './kubo-query';
import { sendKuboError, sendKuboJson } from './kubo-response';

const API_PREFIX = '/api/v0/';

export interface KuboDispatchOptions {
  commands: readonly KuboCommand[];
  ipfs: IpfsServices;
  auth: KuboAuth;
  limits: NodeLimits;
}

export function createKuboDispatcher(options: KuboDispatchOptions) {
  const { ipfs, auth, limits } = options;
  const { log } = ipfs;
  const table = new Map(options.commands.map((c) => [c.path, c]));

  return async function dispatchKubo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const rawQuery = q < 0 ? '' : target.slice(q + 1);
    const { remoteAddress, remotePort } = req.socket;
    const describe = () => `${req.method} ${rawPath} from ${remoteAddress}:${remotePort}`;
    let stalled = false;
    let stopIdleGuard = () => {};
    try {
      const command = rawPath.startsWith(API_PREFIX) ? table.get(rawPath.slice(API_PREFIX.length).replace(/\/$/, '')) : undefined;
      if (!command) throw new KuboError(404, `unknown command: ${rawPath} (this node serves add, cat, pin/add, pin/ls, pin/rm, version and id under ${API_PREFIX})`);
      if (req.method !== 'POST') throw new KuboError(405, `${req.method} is not allowed: Kubo RPC commands are called with POST`);
      const bodyGiven = hasBody(req);
      authorizeKuboCaller(auth, { req, rawPath, rawQuery, hasBody: command.body === 'multipart' });
      if (command.body === 'none' && bodyGiven) throw kuboBadRequest(`${command.path} takes no request body`);
      if (command.body === 'multipart') {
        const type = String(req.headers['content-type'] ?? '');
        if (type.split(';')[0]!.trim().toLowerCase() !== 'multipart/form-data') {
          throw kuboBadRequest(`Content-Type: expected multipart/form-data${type ? `, got '${type}'` : ''}`);
        }
        // A client waiting for 100 Continue sends its body only now that the headers passed.
        if (/100-continue/i.test(req.headers.expect ?? '')) res.writeContinue();
        stopIdleGuard = guardBodyIdle(req, limits.bodyIdleTimeoutMs, () => {
          stalled = true;
          log(`request body stalled for ${Math.round(limits.bodyIdleTimeoutMs / 1000)} s; connection closed (${describe()})`);
          req.socket.destroy();
        });
      }
      const result = await command.handle({ req, res, query: new KuboQuery(new URLSearchParams(rawQuery)), ipfs });
      if (result !== RESPONDED) sendKuboJson(res, result);
    } catch (error) {
      if (stalled) return;
      if (error instanceof ClientGoneError || req.socket.destroyed) {
        log(`client went away during ${describe()}`);
        res.destroy();
        return;
      }
      // An unread body is not drained for a refused request: the connection ends with the answer.
      if (hasBody(req) && !req.complete && !res.headersSent) res.setHeader('Connection', 'close');
      sendKuboError(res, error, log);
    } finally {
      stopIdleGuard();
    }
  };
}
