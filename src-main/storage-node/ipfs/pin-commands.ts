/**
 * `pin/add`, `pin/ls`, `pin/rm`. Pins are recursive (Kubo's default): a
 * pinned folder keeps everything below it. Content no pin reaches may be
 * collected: `pin/rm` drops it at once (and the node at its start), which
 * frees the blobs that nothing else on the node uses.
 */
import { RESPONDED } from '../http/route';
import { resolveIpfsPath } from './ipfs-path';
import type { KuboCommand, KuboContext } from './kubo-command';
import { kuboBadRequest, kuboCommandError } from './kubo-error';
import { startNdjson, writeLine } from './kubo-response';

const PIN_TYPES = ['all', 'recursive', 'direct', 'indirect'] as const;

function requireRecursive(ctx: KuboContext, verb: string): void {
  if (!ctx.query.boolean('recursive', true)) throw kuboBadRequest(`${verb} with recursive=false is not supported: this node keeps recursive pins only`);
}

function argsOf(ctx: KuboContext): string[] {
  const args = ctx.query.args();
  if (args.length === 0) throw kuboBadRequest('argument "ipfs-path" is required');
  return args;
}

export const pinAddCommand: KuboCommand = {
  path: 'pin/add',
  body: 'none',
  handle(ctx) {
    requireRecursive(ctx, 'pin/add');
    const cids = argsOf(ctx).map((arg) => resolveIpfsPath(ctx.ipfs.catalog, arg).cid);
    ctx.ipfs.catalog.pin(cids, ctx.ipfs.node.now());
    return { Pins: [...new Set(cids)] };
  },
};

export const pinRmCommand: KuboCommand = {
  path: 'pin/rm',
  body: 'none',
  async handle(ctx) {
    requireRecursive(ctx, 'pin/rm');
    const { catalog, node } = ctx.ipfs;
    const cids = argsOf(ctx).map((arg) => {
      const { cid } = resolveIpfsPath(catalog, arg);
      if (catalog.isPinned(cid)) return cid;
      const above = catalog.pinnedAncestor(cid);
      throw kuboCommandError(above ? `${cid} is pinned indirectly under ${above}` : `${cid} is not pinned`);
    });
    await node.reserve.withReserveReleased('unpinning', () => {
      catalog.unpin(cids);
      catalog.collectUnpinned();
    });
    // Answered once the space is freed: a caller that unpins to make room can rely on it.
    await node.collector.collect();
    return { Pins: [...new Set(cids)] };
  },
};

export const pinLsCommand: KuboCommand = {
  path: 'pin/ls',
  body: 'none',
  handle(ctx) {
    const { catalog } = ctx.ipfs;
    const type = ctx.query.string('type') ?? 'all';
    if (!(PIN_TYPES as readonly string[]).includes(type)) throw kuboBadRequest(`type: expected one of ${PIN_TYPES.join(', ')}, got '${type}'`);
    const stream = ctx.query.boolean('stream', false);
    const found: Array<{ cid: string; type: string }> = [];
    const args = ctx.query.args();
    if (args.length > 0) {
      for (const arg of args) {
        const { cid } = resolveIpfsPath(catalog, arg);
        const kind = catalog.pinKind(cid);
        if (!kind || (type !== 'all' && type !== kind)) throw kuboCommandError(`path '${arg}' is not pinned${type === 'all' ? '' : ` as ${type}`}`);
        found.push({ cid, type: kind });
      }
    }
    const listed = args.length > 0 ? found : allPins(ctx, type);
    if (!stream) {
      const keys: Record<string, { Type: string; Name: string }> = {};
      for (const pin of listed) keys[pin.cid] = { Type: pin.type, Name: '' };
      return { Keys: keys };
    }
    startNdjson(ctx.res);
    for (const pin of listed) writeLine(ctx.res, { Cid: pin.cid, Type: pin.type, Name: '' });
    ctx.res.end();
    return RESPONDED;
  },
};

function* allPins(ctx: KuboContext, type: string): Generator<{ cid: string; type: string }> {
  const { catalog } = ctx.ipfs;
  if (type === 'all' || type === 'recursive') for (const { cid } of catalog.recursivePins()) yield { cid, type: 'recursive' };
  if (type === 'all' || type === 'indirect') for (const { cid } of catalog.indirectPins()) yield { cid, type: 'indirect' };
}
