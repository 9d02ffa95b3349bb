/**
 * One request: route lookup (`/v1/...`, bare paths as aliases), who may call
 * (a signature with keys, a loopback caller that is no web page without),
 * the body's shape, then the body itself, the handler and the envelope.
 * Everything that can be refused on the headers is refused before a body byte
 * is read. Any failure is answered and the server keeps serving; a client
 * that went away costs one log line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Credentials } from '../../common/sigv4';
import { JcsCode } from '@shared/jcs/error-codes';
import { badArgument, NodeError } from '../node-error';
import { authenticateHeaders, type BodyCheck } from './auth';
import { guardBodyIdle } from './body-idle-guard';
import { sendFailure, sendOk } from './envelope';
import type { NodeLimits } from './limits';
import { refuseForeignCaller } from './loopback-caller';
import { authenticatePresigned, PRESIGNABLE_ROUTES } from './presigned-auth';
import { isPresignedQuery } from '../../common/sigv4-presign';
import { ClientGoneError, declaredLength, hasBody, MAX_JSON_BODY, QueryParams, readBody, refuseOversizedBody } from './request-input';
import { RESPONDED, type NodeServices, type Route } from './route';

/**
 * JSON bodies whose signature can be checked only after reading them (signers
 * that do not declare X-Amz-Content-Sha256) share this much memory at once;
 * beyond it such requests are told to retry. Two bodies of the largest size.
 */
const UNVERIFIED_BODY_BUDGET = 2 * MAX_JSON_BODY;
const EMPTY: Buffer = Buffer.alloc(0);

export interface DispatchOptions {
  routes: readonly Route[];
  node: NodeServices;
  credentials: Credentials | undefined;
  limits: NodeLimits;
  log: (message: string, error?: unknown) => void;
}

export function createDispatcher(options: DispatchOptions) {
  const { credentials, limits, log } = options;
  const table = new Map<string, Route>();
  const pathsKnown = new Set<string>();
  for (const route of options.routes) {
    table.set(`${route.method} ${route.path}`, route);
    pathsKnown.add(route.path);
  }
  let unverifiedBytes = 0;

  return async function dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const rawQuery = q < 0 ? '' : target.slice(q + 1);
    // Read now: a socket that closed no longer knows its peer.
    const { remoteAddress, remotePort } = req.socket;
    const describe = () => `${req.method} ${rawPath} from ${remoteAddress}:${remotePort}`;
    let stalled = false;
    let stopIdleGuard = () => {};
    let budgetHeld = 0;
    try {
      const routePath = rawPath.startsWith('/v1/') ? rawPath.slice(3) : rawPath;
      // HEAD of a download answers its headers only (a share link's first check, curl -I).
      const method = req.method === 'HEAD' && PRESIGNABLE_ROUTES.has(routePath) ? 'GET' : (req.method ?? 'GET');
      const presigned = isPresignedQuery(rawQuery);
      if (presigned) authenticatePresigned(credentials, { req, rawPath, rawQuery, routePath });
      const route = table.get(`${method} ${routePath}`);
      if (!route) {
        if (pathsKnown.has(routePath)) throw new NodeError('BadArgument', `${req.method} is not allowed on ${rawPath}`, 405);
        throw new NodeError(JcsCode.DataNotFound, `no such route: ${req.method} ${rawPath}`, 404);
      }
      let bodyCheck: BodyCheck | undefined;
      if (presigned) bodyCheck = undefined; // checked above, before the route lookup; downloads have no body
      else if (credentials) bodyCheck = authenticateHeaders(credentials, { req, rawPath, rawQuery, body: route.body });
      else refuseForeignCaller(req);
      requireBodyShape(req, route.body);

      if (route.body === 'json' && bodyCheck?.needsBody) {
        const wanted = declaredLength(req) ?? MAX_JSON_BODY;
        if (unverifiedBytes + wanted > UNVERIFIED_BODY_BUDGET) {
          throw new NodeError('OperationFailed', 'too many JSON bodies are waiting for their signature check; retry, or declare X-Amz-Content-Sha256 so the signature is checked first', 503);
        }
        unverifiedBytes += wanted;
        budgetHeld = wanted;
      }
      let body: Buffer = EMPTY;
      if (route.body !== 'none') {
        // A client waiting for 100 Continue sends its body only now that the headers passed.
        if (/100-continue/i.test(req.headers.expect ?? '')) res.writeContinue();
        stopIdleGuard = guardBodyIdle(req, limits.bodyIdleTimeoutMs, () => {
          stalled = true;
          log(`request body stalled for ${duration(limits.bodyIdleTimeoutMs)}; connection closed (${describe()})`);
          req.socket.destroy();
        });
      }
      if (route.body === 'json') {
        body = await readBody(req);
        bodyCheck?.check(body);
      }
      const query = new QueryParams(new URLSearchParams(rawQuery));
      const result = await route.handle({ req, res, query, body, node: options.node });
      if (result !== RESPONDED) sendOk(res, result);
    } catch (error) {
      if (stalled) return; // logged when it was cut off
      if (error instanceof ClientGoneError || req.socket.destroyed) {
        log(`client went away during ${describe()}`);
        res.destroy();
        return;
      }
      // An unread body is not drained for a refused request: the connection ends with the answer.
      if (hasBody(req) && !req.complete && !res.headersSent) res.setHeader('Connection', 'close');
      sendFailure(res, error, log);
    } finally {
      stopIdleGuard();
      unverifiedBytes -= budgetHeld;
    }
  };
}

function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** Bodiless routes take no body; the others exactly their content type; JSON within its size cap. */
function requireBodyShape(req: IncomingMessage, kind: Route['body']): void {
  if (kind === 'none') {
    if (hasBody(req)) throw badArgument('this route takes no request body');
    return;
  }
  const type = String(req.headers['content-type'] ?? '');
  const expected = kind === 'json' ? 'application/json' : 'multipart/form-data';
  if (type.split(';')[0]!.trim().toLowerCase() !== expected) {
    throw new NodeError('BadArgument', `Content-Type: expected ${expected}${type ? `, got '${type}'` : ''}`, 415);
  }
  if (kind === 'json') refuseOversizedBody(req);
}
