import { describe, expect, it } from 'vitest';
import { expirySeconds } from './share-expiry';

describe('expirySeconds', () => {
  it('turns whole minutes, hours and days into seconds', () => {
    expect(expirySeconds('1', 'minutes')).toEqual({ ok: true, seconds: 60 });
    expect(expirySeconds(' 24 ', 'hours')).toEqual({ ok: true, seconds: 86_400 });
    expect(expirySeconds('7', 'days')).toEqual({ ok: true, seconds: 604_800 });
    expect(expirySeconds('168', 'hours')).toEqual({ ok: true, seconds: 604_800 });
  });

  it('refuses what the node would not accept, saying which bound', () => {
    expect(expirySeconds('0', 'minutes')).toEqual({ ok: false, problem: 'tooShort' });
    expect(expirySeconds('8', 'days')).toEqual({ ok: false, problem: 'tooLong' });
    expect(expirySeconds('10081', 'minutes')).toEqual({ ok: false, problem: 'tooLong' });
    expect(expirySeconds('1.5', 'hours')).toEqual({ ok: false, problem: 'notWholeNumber' });
    expect(expirySeconds('', 'hours')).toEqual({ ok: false, problem: 'notWholeNumber' });
    expect(expirySeconds('-1', 'days')).toEqual({ ok: false, problem: 'notWholeNumber' });
  });
});
