import { describe, expect, it } from 'vitest';
import { createBlindIndex, InvalidContact, normaliseEmail, normalisePhone } from './contact-key.js';

const key = 'a-deployment-key-of-at-least-32-bytes!!';

describe('normalisePhone', () => {
  it('gives one form when a mobile number is written with separators, a country code or a 00 prefix', () => {
    const forms = [
      '138-0000-0000',
      '+86 138 0000 0000',
      '13800000000',
      '+86 13800000000',
      '0086 138 0000 0000',
      '86 13800000000',
    ];
    expect(new Set(forms.map((form) => normalisePhone(form)))).toEqual(new Set(['+8613800000000']));
  });

  it('replaces the trunk zero of a landline with the default country code', () => {
    expect(normalisePhone('010-6552 1234')).toBe('+861065521234');
  });

  it('keeps another country code when the number starts with +', () => {
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
  });

  it('refuses letters and numbers too short to be one', () => {
    expect(() => normalisePhone('call me')).toThrow(InvalidContact);
    expect(() => normalisePhone('12')).toThrow(InvalidContact);
  });
});

describe('normaliseEmail', () => {
  it('lower-cases and trims an address', () => {
    expect(normaliseEmail('  Li.Na@Example.COM ')).toBe('li.na@example.com');
  });

  it('refuses a value without @', () => {
    expect(() => normaliseEmail('li.na.example.com')).toThrow(InvalidContact);
  });
});

describe('createBlindIndex', () => {
  it('gives the same value when a number is written in different forms', () => {
    const index = createBlindIndex(key);
    expect(index.phone('138-0000-0000')).toBe(index.phone('+86 13800000000'));
  });

  it('never contains the number it indexes', () => {
    const value = createBlindIndex(key).phone('13800000000');
    expect(value).toMatch(/^[0-9a-f]{64}$/);
    expect(value).not.toContain('13800000000');
  });

  it('gives different values when the deployment key differs', () => {
    const other = createBlindIndex('another-deployment-key-of-32-bytes!!!!');
    expect(createBlindIndex(key).phone('13800000000')).not.toBe(other.phone('13800000000'));
  });

  it('keeps phone and email values apart when the text is the same', () => {
    const index = createBlindIndex(key);
    expect(index.of('email', 'a@b.cn')).not.toBe(createBlindIndex(key).of('phone', '+8613800000000'));
    expect(index.of('email', 'A@B.cn')).toBe(index.email('a@b.cn'));
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => createBlindIndex('short')).toThrow(RangeError);
  });
});
