import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KefuError } from './runtime-errors.js';

const prefix = 'kefu-enc:v1:';

/**
 * Encrypts personal data (customer name, phone, address) at rest with AES-256-GCM. The first key encrypts;
 * every key decrypts, so a rotation adds a new key in front and keeps the old ones until data is rewritten.
 */
export interface DataCipher {
  /** Id of the key new ciphertexts are written with (it prefixes each ciphertext). */
  readonly keyId: string;
  /** Ids of every key this cipher can read. */
  readonly keyIds: readonly string[];
  encrypt(value: unknown): string;
  decrypt(ciphertext: string): unknown;
}

/** The data key is missing, malformed, or does not match the stored ciphertexts. The message never contains key material. */
export class DataKeyError extends KefuError {
  constructor(message: string) {
    super('DATA_KEY_ERROR', message);
  }
}

/** A fresh key in the `KEFU_DATA_KEY` format: `<id>:<base64 of 32 random bytes>`. */
export function generateDataKey(): string {
  const key = randomBytes(32);
  return `${keyIdOf(key)}:${key.toString('base64')}`;
}

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function parseKey(entry: string): { id: string; key: Buffer } {
  const trimmed = entry.trim();
  const colon = trimmed.indexOf(':');
  const id = colon >= 0 ? trimmed.slice(0, colon) : undefined;
  const material = colon >= 0 ? trimmed.slice(colon + 1) : trimmed;
  const key = /^[0-9a-f]{64}$/i.test(material)
    ? Buffer.from(material, 'hex')
    : Buffer.from(material, 'base64');
  if (key.length !== 32) {
    throw new DataKeyError(
      `A data key must be 32 bytes (base64 or hex), optionally prefixed "<id>:"; got ${key.length} bytes`,
    );
  }
  if (id !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
    throw new DataKeyError('A data key id may hold letters, digits, "-" and "_" (at most 32)');
  }
  return { id: id ?? keyIdOf(key), key };
}

/** Builds a cipher from `KEFU_DATA_KEY`'s format: comma-separated keys, the first one current. */
export function createDataCipher(keys: string): DataCipher {
  const parsed = keys
    .split(',')
    .filter((entry) => entry.trim() !== '')
    .map(parseKey);
  if (parsed.length === 0) throw new DataKeyError('No data key given');
  const byId = new Map(parsed.map((entry) => [entry.id, entry.key]));
  const current = parsed[0]!;
  return {
    keyId: current.id,
    keyIds: [...byId.keys()],
    encrypt(value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      const body = Buffer.concat([cipher.update(JSON.stringify(value) ?? 'null', 'utf8'), cipher.final()]);
      return `${prefix}${current.id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(ciphertext) {
      const rest = ciphertext.slice(prefix.length);
      const colon = rest.indexOf(':');
      const id = rest.slice(0, colon);
      const key = byId.get(id);
      if (!key) throw new DataKeyError(`Data encrypted with key "${id}", which is not in KEFU_DATA_KEY`);
      const raw = Buffer.from(rest.slice(colon + 1), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
        return JSON.parse(plain);
      } catch {
        throw new DataKeyError(`Data encrypted with key "${id}" failed its integrity check`);
      }
    },
  };
}

/** True for a value `DataCipher.encrypt` produced. */
export function isCiphertext(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(prefix);
}

/**
 * The key for a store: `dataKey` (or `KEFU_DATA_KEY`) when set; otherwise the key file, generated with
 * mode 0600 on first use (`.kefu/data-key` beside the embedded database).
 */
export function loadDataCipher(options: {
  dataKey?: string | undefined;
  keyFile?: string | undefined;
}): DataCipher {
  if (options.dataKey) return createDataCipher(options.dataKey);
  if (!options.keyFile) return createDataCipher(generateDataKey());
  if (!existsSync(options.keyFile)) {
    mkdirSync(dirname(options.keyFile), { recursive: true });
    writeFileSync(options.keyFile, `${generateDataKey()}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(options.keyFile, 0o600);
  }
  return createDataCipher(readFileSync(options.keyFile, 'utf8'));
}

/** The object holding a dotted path's last step, and that step (undefined when a step before it is missing). */
function parentOf(value: unknown, path: string): [Record<string, unknown>, string] | undefined {
  const parts = path.split('.');
  let node: unknown = value;
  for (let index = 0; index < parts.length - 1; index++) {
    node =
      node !== null && typeof node === 'object'
        ? (node as Record<string, unknown>)[parts[index]!]
        : undefined;
  }
  return node !== null && typeof node === 'object'
    ? [node as Record<string, unknown>, parts.at(-1)!]
    : undefined;
}

/**
 * A copy of `value` with `transform` applied to each path's value (absent and null values are skipped); `value`
 * itself when no path holds one. `inPlace`: `value` itself is changed and returned (no copy).
 */
function transformPaths(
  value: unknown,
  paths: readonly string[],
  transform: (leaf: unknown, path: string) => unknown,
  inPlace = false,
): unknown {
  if (paths.length === 0 || value === null || typeof value !== 'object') return value;
  const holds = (found: [Record<string, unknown>, string] | undefined) =>
    found !== undefined && found[0][found[1]] !== undefined && found[0][found[1]] !== null;
  if (!inPlace && !paths.some((path) => holds(parentOf(value, path)))) return value;
  const copy = (inPlace ? value : structuredClone(value)) as Record<string, unknown>;
  for (const path of paths) {
    const found = parentOf(copy, path);
    if (found && holds(found)) found[0][found[1]] = transform(found[0][found[1]], path);
  }
  return copy;
}

/**
 * Seals one path's plaintext, told which path it is: so a caller can keep the ciphertext that path held before
 * when its plaintext did not change (by path, never by value: two paths with equal plaintext each get their own).
 */
export type PathSealer = (plaintext: unknown, path: string) => string;

/**
 * `value` with each dotted path's value encrypted by `cipher` (or sealed by a `PathSealer`); absent paths and
 * values already encrypted are left alone. A copy when any path was present, unless `inPlace` (then `value`
 * itself is changed).
 */
export function sealPaths<T>(
  value: T,
  paths: readonly string[],
  cipher: DataCipher | PathSealer,
  options: { inPlace?: boolean } = {},
): T {
  const seal: PathSealer = typeof cipher === 'function' ? cipher : (plaintext) => cipher.encrypt(plaintext);
  return transformPaths(
    value,
    paths,
    (leaf, path) => (isCiphertext(leaf) ? leaf : seal(leaf, path)),
    options.inPlace,
  ) as T;
}

/**
 * `value` with each dotted path's ciphertext decrypted: a copy when any path was present, unless `inPlace` (then
 * `value` itself is changed).
 */
export function openPaths<T>(
  value: T,
  paths: readonly string[],
  cipher: DataCipher,
  options: { inPlace?: boolean } = {},
): T {
  return transformPaths(
    value,
    paths,
    (leaf) => (isCiphertext(leaf) ? cipher.decrypt(leaf) : leaf),
    options.inPlace,
  ) as T;
}

/** A copy of `value` with each dotted path's ciphertext replaced by `sealed` (to compare values sealed apart). */
export function maskSealedPaths<T>(value: T, paths: readonly string[]): T {
  return transformPaths(value, paths, (leaf) => (isCiphertext(leaf) ? 'sealed' : leaf)) as T;
}
