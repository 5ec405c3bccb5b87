import {
  findPersonalData,
  isMyNumber,
  maskPersonalData,
  passesLuhn,
  personalKinds,
  restorePersonalData,
} from '../../src/engine/personal-data';
import { detectionFigures } from '../../tools/bench/personal-data-figures';

describe('the labelled sample', () => {
  const figures = detectionFigures();

  it.each(figures.kinds.map((k) => [k.kind, k]))('finds at least 95 %% of the %s values', (_, k) => {
    expect(k.total).toBeGreaterThanOrEqual(20);
    expect(k.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('flags at most 1 % of the ordinary reviews', () => {
    expect(figures.ordinary.total).toBeGreaterThan(100);
    expect(figures.ordinary.flagged.length / figures.ordinary.total).toBeLessThanOrEqual(0.01);
  });

  it('flags at most 1 in 20 of the labelled look-alike negatives', () => {
    expect(figures.negatives.flagged.length / figures.negatives.total).toBeLessThanOrEqual(0.05);
  });
});

describe('My Number', () => {
  it('accepts a number whose last digit is the check digit of the official formula', () => {
    // 12345678901, weights 2..7 then 2..6 from the right: 212; 212 mod 11 = 3; 11 - 3 = 8.
    expect(isMyNumber('123456789018')).toBe(true);
    expect(isMyNumber('123456789019')).toBe(false);
  });

  it('does not flag an ordinary 12-digit number whose check digit fails', () => {
    expect(personalKinds('Reference 123456789019')).toEqual(new Set());
    expect(personalKinds('Reference 123456789018')).toEqual(new Set(['mynumber']));
  });
});

describe('card numbers', () => {
  it('need the Luhn check and a network prefix', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(personalKinds('card 4111 1111 1111 1112')).toEqual(new Set());
    expect(personalKinds('serial 9876543210987654')).toEqual(new Set());
  });

  it('are found written with full-width digits and hyphens', () => {
    expect(findPersonalData('カード ４１１１－１１１１－１１１１－１１１１ です')).toEqual([
      { kind: 'card', start: 4, end: 23, value: '４１１１－１１１１－１１１１－１１１１' },
    ]);
  });
});

describe('phone numbers', () => {
  it.each([
    ['03-1234-5678'],
    ['090ー1234ー5678'],
    ['+81 90-1234-5678'],
    ['+44 20 7946 0958'],
    ['(03) 3456-7890'],
  ])('finds %s', (phone) => {
    expect(findPersonalData(`TEL ${phone} まで`).map((f) => f.value)).toEqual([phone]);
  });

  it('leaves dates, prices and postal codes alone', () => {
    expect(findPersonalData('2024-01-15 に ¥12,800 で購入、〒150-0001')).toEqual([]);
  });
});

describe('masking', () => {
  it('replaces each value with a typed placeholder, the same value with the same one', () => {
    const m = maskPersonalData('Mail a@example.com or a@example.com, call 090-1234-5678, not b@example.com');
    expect(m.masked).toBe('Mail [EMAIL 1] or [EMAIL 1], call [PHONE 1], not [EMAIL 2]');
    expect(restorePersonalData('Contact [EMAIL 2] and [PHONE 1]; [EMAIL 9] stays', m.originals)).toBe(
      'Contact b@example.com and 090-1234-5678; [EMAIL 9] stays',
    );
  });

  it('leaves a text without personal data unchanged', () => {
    const text = 'Broken after two weeks, order 123456789.';
    expect(maskPersonalData(text)).toEqual({ masked: text, originals: new Map() });
  });
});
