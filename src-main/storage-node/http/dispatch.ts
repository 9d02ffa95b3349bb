/**
 * One request: route lookup (`/v1/...`, bare paths as aliases), body reading,
 * the signature check, the handler, the envelope. Any failure is answered and
 * the server keeps serving.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Credentials } from '../../common/sigv4';
import { JcsCode } from '@shared/jcs/error-codes';
import { badArgument, NodeError } from '../node-error';
import { authenticate } from './auth';
import { sendFailure, sendOk } from './envelope';
import { QueryParams, readBody } from './request-input';
import { RESPONDED, type NodeServices, type Route } from './route';

const MAX_BODYLESS_REQUEST = 64 * 1024;

export interface DispatchOptions {
  routes: readonly Route[];
  node: NodeServices;
  credentials: Credentials | undefined;
  log: (message: string, error?: unknown) => void;
}

export function createDispatcher(options: DispatchOptions) {
  const table = new Map<string, Route>();
  const pathsKnown = new Set<string>();
  for (const route of options.routes) {
    table.set(`${route.method} ${route.path}`, route);
    pathsKnown.add(route.path);
  }

  return async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const target = req.url ?? '/';
      const q = target.indexOf('?');
      const rawPath = q < 0 ? target : target.slice(0, q);
      const rawQuery = q < 0 ? '' : target.slice(q + 1);
      const routePath = rawPath.startsWith('/v1/') ? rawPath.slice(3) : rawPath;
      const route = table.get(`${req.method ?? 'GET'} ${routePath}`);
      if (!route) {
        if (pathsKnown.has(routePath)) throw new NodeError('BadArgument', `${req.method} is not allowed on ${rawPath}`, 405);
        throw new NodeError(JcsCode.DataNotFound, `no such route: ${req.method} ${rawPath}`, 404);
      }
      const body = route.body === 'stream' ? undefined : await readBody(req, route.body === 'json' ? undefined : MAX_BODYLESS_REQUEST);
      if (options.credentials) authenticate(options.credentials, { req, rawPath, rawQuery, body });
      if (route.body === 'stream' && !String(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data')) {
        throw badArgument('Content-Type: expected multipart/form-data');
      }
      const query = new QueryParams(new URLSearchParams(rawQuery));
      const result = await route.handle({ req, res, query, body: body ?? Buffer.alloc(0), node: options.node });
      if (result !== RESPONDED) sendOk(res, result);
    } catch (error) {
      sendFailure(res, error, options.log);
    }
  };
}
