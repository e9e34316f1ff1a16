import { createHmac } from 'node:crypto';

/** A phone number or email address that cannot be normalised: nothing is looked up or stored. */
export class InvalidContact extends Error {
  readonly code = 'INVALID_CONTACT';
  constructor(
    readonly kind: 'phone' | 'email',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidContact';
  }
}

export interface NormalisePhoneOptions {
  /** Country calling code for numbers written without one (default `86`). */
  defaultCountry?: string;
}

/**
 * One form per phone number, E.164 style (`+8613800000000`): separators dropped, `00` or `+` international
 * prefixes kept, a national trunk `0` replaced by the default country, and the default country's code added to a
 * bare national number. `138-0000-0000`, `+86 138 0000 0000`, `0086 13800000000` and `13800000000` are one number.
 */
export function normalisePhone(value: string, options: NormalisePhoneOptions = {}): string {
  const country = options.defaultCountry ?? '86';
  const trimmed = value.trim();
  if (!/^[+\d][\d\s\-().]*$/.test(trimmed)) {
    throw new InvalidContact(
      'phone',
      'A phone number holds digits, spaces, "-", "(", ")", "." and a leading "+"',
    );
  }
  const digits = trimmed.replace(/\D/g, '');
  let international: string;
  if (trimmed.startsWith('+')) international = digits;
  else if (digits.startsWith('00')) international = digits.slice(2);
  else if (digits.startsWith('0')) international = `${country}${digits.slice(1)}`;
  else if (digits.startsWith(country) && digits.length === country.length + 11) international = digits;
  else international = `${country}${digits}`;
  if (international.length < 8 || international.length > 15) {
    throw new InvalidContact(
      'phone',
      `A phone number has 8 to 15 digits with its country code; got ${international.length}`,
    );
  }
  return `+${international}`;
}

/** One form per email address: trimmed and lower-cased. */
export function normaliseEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
    throw new InvalidContact('email', 'An email address looks like name@example.com');
  }
  return email;
}

/** Which kind of contact a blind-index entry is for. */
export type ContactKind = 'phone' | 'email';

/**
 * A keyed blind index: HMAC-SHA256 of the normalised contact under a deployment key, so a number can be found
 * without storing it. Without the key the index values cannot be tested against guessed numbers.
 */
export interface BlindIndex {
  phone(value: string): string;
  email(value: string): string;
  of(kind: ContactKind, value: string): string;
}

/** A blind index over `key` (at least 32 bytes of secret: a string, base64 or raw bytes). */
export function createBlindIndex(key: string | Uint8Array, options: NormalisePhoneOptions = {}): BlindIndex {
  const secret = typeof key === 'string' ? Buffer.from(key, 'utf8') : Buffer.from(key);
  if (secret.length < 32) throw new RangeError('A blind-index key needs at least 32 bytes');
  const digest = (kind: ContactKind, normalised: string) =>
    createHmac('sha256', secret).update(`${kind}\n${normalised}`).digest('hex');
  const index: BlindIndex = {
    phone: (value) => digest('phone', normalisePhone(value, options)),
    email: (value) => digest('email', normaliseEmail(value)),
    of: (kind, value) => (kind === 'phone' ? index.phone(value) : index.email(value)),
  };
  return index;
}
