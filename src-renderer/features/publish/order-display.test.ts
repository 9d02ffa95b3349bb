import { describe, expect, it } from 'vitest';
import { orderLabelSchema, type OrderStatus, type PublishJob } from '@shared/contract/publish';
import { testI18n } from '../../i18n/test-i18n';
import { expiryText, gatewayUrl, idsFor, jobActions, labelTone, LABEL_ORDER, percentSent, routeText, statusText, statusTooltip } from './order-display';

const status = (label: OrderStatus['label'], replicas: number | null = null, reason: string | null = null): OrderStatus => ({ label, replicas, reason });

describe('labels', () => {
  it('list every label of the contract once, in the chips’ order', () => {
    expect([...LABEL_ORDER].sort()).toEqual([...orderLabelSchema.options].sort());
  });

  it('colour stored good, expired and failed bad, pending waiting, publishing in progress', () => {
    expect(LABEL_ORDER.map((l) => [l, labelTone(l)])).toEqual([
      ['publishing', 'progress'],
      ['pending', 'waiting'],
      ['stored', 'good'],
      ['expired', 'bad'],
      ['failed', 'bad'],
      ['ipfsOnly', 'neutral'],
      ['unknown', 'neutral'],
    ]);
  });

  it('word every label and its meaning in English and Chinese', async () => {
    for (const language of ['en', 'zh-CN'] as const) {
      const i18n = await testI18n(language);
      for (const label of LABEL_ORDER) {
        expect(i18n.exists(`publish.label.${label}`), `${language} ${label}`).toBe(true);
        expect(i18n.exists(`publish.labelHint.${label}`), `${language} hint ${label}`).toBe(true);
      }
    }
  });

  it('say the replica count of a stored order, and the plain word when it is unknown (pinned, chain not read)', async () => {
    const en = await testI18n('en');
    expect(statusText(en.t, status('stored', 3))).toBe('Stored · 3 replicas');
    expect(statusText(en.t, status('stored', 1))).toBe('Stored · 1 replica');
    expect(statusText(en.t, status('stored'))).toBe('Stored');
    expect(statusText(en.t, status('ipfsOnly'))).toBe('On IPFS');
    const zh = await testI18n('zh-CN');
    expect(statusText(zh.t, status('stored', 3))).toBe('已存储 · 3 个副本');
    expect(statusText(zh.t, status('expired', 0))).toBe('已过期');
  });

  it('put the core’s reason in the tooltip of unknown and failed orders', async () => {
    const en = await testI18n('en');
    expect(statusTooltip(en.t, status('unknown', null, 'trailing bytes after FileInfoV2'))).toBe('The order’s state could not be read.\nReason: trailing bytes after FileInfoV2');
    expect(statusTooltip(en.t, status('pending'))).not.toContain('Reason');
  });
});

describe('gatewayUrl', () => {
  it('appends the CID to the prefix, adding the slash it lacks', () => {
    expect(gatewayUrl('https://ipfs.io/ipfs/', 'QmX')).toBe('https://ipfs.io/ipfs/QmX');
    expect(gatewayUrl('https://gw.example/ipfs', 'QmX')).toBe('https://gw.example/ipfs/QmX');
    expect(gatewayUrl('  ', 'QmX')).toBe('');
  });
});

describe('expiryText', () => {
  const now = Date.UTC(2026, 11, 4, 12, 0, 0);
  it('is null while the order has no expiry (no replica yet)', () => {
    expect(expiryText(null, now, 'en')).toBeNull();
  });

  it('gives the date and how far it is, ahead or past', () => {
    expect(expiryText(now + 180 * 86_400_000, now, 'en')).toBe('Jun 2, 2027 (in 180 days)');
    expect(expiryText(now - 5 * 86_400_000, now, 'en')).toBe('Nov 29, 2026 (5 days ago)');
    expect(expiryText(now + 3 * 3_600_000, now, 'en')).toBe('Dec 4, 2026 (in 3 hours)');
    expect(expiryText(now + 180 * 86_400_000, now, 'zh-CN')).toBe('2027年6月2日 (180天后)');
  });
});

type JobFacts = Pick<PublishJob, 'id' | 'state' | 'cid' | 'orderRoute'>;
const job = (state: PublishJob['state'], cid: string | null = 'QmX', orderRoute: PublishJob['orderRoute'] = 'pinning-service', id: string = state): JobFacts => ({ id, state, cid, orderRoute });

describe('jobActions', () => {
  it('offers cancel while a job runs, and retry too while it waits for an endpoint', () => {
    for (const state of ['queued', 'adding', 'ordering', 'recording'] as const) expect(jobActions(job(state, null))).toEqual(['cancel']);
    expect(jobActions(job('waiting', null))).toEqual(['retry', 'cancel']);
  });

  it('offers re-check and renew on a placed order, re-check only without an order route, and always remove once finished', () => {
    expect(jobActions(job('done'))).toEqual(['recheck', 'renew', 'remove']);
    expect(jobActions(job('done', 'QmX', 'none'))).toEqual(['recheck', 'remove']);
    expect(jobActions(job('failed', null))).toEqual(['retry', 'remove']);
    expect(jobActions(job('cancelled', null))).toEqual(['retry', 'remove']);
  });

  it('picks the jobs a bulk action applies to', () => {
    const jobs = [job('done', 'QmA', 'pinning-service', 'a'), job('adding', null, 'pinning-service', 'b'), job('failed', null, 'pinning-service', 'c'), job('done', 'QmD', 'none', 'd')];
    expect(idsFor('renew', jobs)).toEqual(['a']);
    expect(idsFor('recheck', jobs)).toEqual(['a', 'd']);
    expect(idsFor('cancel', jobs)).toEqual(['b']);
    expect(idsFor('retry', jobs)).toEqual(['c']);
    expect(idsFor('remove', jobs)).toEqual(['a', 'c', 'd']);
  });
});

describe('figures', () => {
  it('clamps the share sent and survives an empty file', () => {
    expect(percentSent({ bytesDone: 50, size: 200 })).toBe(25);
    expect(percentSent({ bytesDone: 10, size: 0 })).toBe(0);
    expect(percentSent({ bytesDone: 300, size: 200 })).toBe(100);
  });

  it('names the node and the route', async () => {
    const en = await testI18n('en');
    expect(routeText(en.t, { ipfsNode: 'embedded', orderRoute: 'pinning-service' })).toBe('Embedded node · Pinning service');
    const zh = await testI18n('zh-CN');
    expect(routeText(zh.t, { ipfsNode: 'kubo', orderRoute: 'none' })).toBe('Kubo 节点 · 不下单');
  });
});
