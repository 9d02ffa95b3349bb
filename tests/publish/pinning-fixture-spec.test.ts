/**
 * The fixture's judge: the PSA v1.0.0 OpenAPI document, read by js-yaml and
 * checked by ajv. These show the judge accepts the spec's own examples and
 * refuses wrong answers, so a fixture that passes it is held to the spec.
 */
import { describe, expect, it } from 'vitest';
import { psaValidator } from '../fixtures/pinning-service';

const good = { requestid: 'UniqueIdOfPinRequest', status: 'queued', created: '2020-07-27T17:32:28.276Z', pin: { cid: 'QmCIDToBePinned', name: 'PreciousData.pdf' }, delegates: ['/ip4/203.0.113.1/tcp/4001/p2p/QmServicePeerId'], info: { status_details: 'Queue position: 7 of 9' } };

describe('PSA OpenAPI validator', () => {
  it("accepts the spec's own examples", () => {
    const v = psaValidator();
    expect(v.problem('PinStatus', good)).toBeNull();
    expect(v.problem('PinResults', { count: 1, results: [good] })).toBeNull();
    expect(v.problem('Failure', { error: { reason: 'NOT_FOUND', details: 'The specified resource was not found' } })).toBeNull();
  });

  it.each([
    ['an unknown status', { ...good, status: 'done' }, /status/],
    ['no requestid (the requestId casing is not the spec)', { ...(({ requestid: _r, ...rest }) => ({ ...rest, requestId: 'x' }))(good) }, /requestid/],
    ['a created that is not date-time', { ...good, created: '27 July 2020' }, /date-time/],
    ['no delegates', { ...good, delegates: [] }, /fewer than 1/],
    ['info values that are not strings', { ...good, info: { queue: 7 } }, /string/],
    ['a name over 255 characters', { ...good, pin: { cid: 'Qm', name: 'x'.repeat(256) } }, /255/],
  ])('refuses a PinStatus with %s', (_what, value, reason) => {
    expect(psaValidator().problem('PinStatus', value)).toMatch(reason);
  });

  it('refuses wrong lists and failures', () => {
    const v = psaValidator();
    expect(v.problem('PinResults', { count: -1, results: [] })).toMatch(/>= 0/);
    expect(v.problem('PinResults', { results: [] })).toMatch(/count/);
    expect(v.problem('Failure', { error: { details: 'no reason' } })).toMatch(/reason/);
    expect(v.problem('Failure', { message: 'not the shape' })).toMatch(/error/);
  });

  it('knows which schema answers which call', () => {
    const v = psaValidator();
    expect(v.answerSchema('POST', '/pins', 202)).toBe('PinStatus');
    expect(v.answerSchema('GET', '/pins', 200)).toBe('PinResults');
    expect(v.answerSchema('GET', '/pins/{requestid}', 401)).toBe('Failure');
    expect(v.answerSchema('DELETE', '/pins/{requestid}', 202)).toBeNull();
    expect(v.answerSchema('GET', '/pins/{requestid}', 418)).toBe('Failure');
  });
});
