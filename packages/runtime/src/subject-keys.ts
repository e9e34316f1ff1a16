import { type DataCipher, DataKeyError, isCiphertext } from './data-cipher.js';

/** Key ids of per-subject keys start with this, so every reader can tell them from the store's own keys. */
export const subjectKeyPrefix = 'subject-';

/**
 * Per-subject keys for personal data (crypto-shredding): a definition naming a `personalDataSubject` has that
 * subject's personal data sealed with the subject's own key, so destroying the key makes it unreadable in every
 * snapshot, log entry and backup while the hash chain still verifies.
 */
export interface SubjectKeys {
  /**
   * The cipher that seals `subjectId`'s personal data (its `keyId` starts with `subject-`); undefined when the
   * subject has no key (its data is then sealed with the store's key).
   */
  cipherFor(subjectId: string): DataCipher | undefined;
  /** The cipher holding subject key `keyId`; undefined when that key was destroyed (the data stays sealed). */
  cipherOf(keyId: string): DataCipher | undefined;
}

/** The key id a ciphertext was written with. */
export function keyIdOfCiphertext(ciphertext: string): string {
  const rest = ciphertext.slice('kefu-enc:v1:'.length);
  return rest.slice(0, rest.indexOf(':'));
}

/** True for a ciphertext written with a subject key. */
export function isSubjectCiphertext(value: unknown): value is string {
  return isCiphertext(value) && keyIdOfCiphertext(value).startsWith(subjectKeyPrefix);
}

/**
 * The store's cipher, reading subject-key ciphertexts with `subjectKeys`: a destroyed (or unknown) subject key
 * leaves its ciphertext as it is instead of failing, so lists, history and `verify` still work after erasure —
 * and in a process given no subject keys at all (`kefu db verify`).
 */
export function withSubjectKeys(cipher: DataCipher, subjectKeys: SubjectKeys | undefined): DataCipher {
  return {
    keyId: cipher.keyId,
    keyIds: cipher.keyIds,
    encrypt: (value) => cipher.encrypt(value),
    decrypt(ciphertext) {
      if (!isSubjectCiphertext(ciphertext)) return cipher.decrypt(ciphertext);
      const subjectCipher = subjectKeys?.cipherOf(keyIdOfCiphertext(ciphertext));
      return subjectCipher ? subjectCipher.decrypt(ciphertext) : ciphertext;
    },
  };
}

/** The value at a dotted path of an object (undefined when a step is missing). */
export function valueAtPath(value: unknown, path: string): unknown {
  let node = value;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** The cipher for a subject: its own key when `subjectKeys` has one, else `fallback`. */
export function subjectCipher(
  fallback: DataCipher,
  subjectKeys: SubjectKeys | undefined,
  subjectId: unknown,
): DataCipher {
  if (!subjectKeys || typeof subjectId !== 'string' || subjectId === '') return fallback;
  const found = subjectKeys.cipherFor(subjectId);
  if (found && !found.keyId.startsWith(subjectKeyPrefix)) {
    throw new DataKeyError(`A subject key id must start with "${subjectKeyPrefix}"`);
  }
  return found ?? fallback;
}

/** How every subject-key ciphertext starts. */
export const subjectCiphertextMarker = `kefu-enc:v1:${subjectKeyPrefix}`;
