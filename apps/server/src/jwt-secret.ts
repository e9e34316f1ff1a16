import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface JwtSecretOptions {
  /** Where `KEFU_JWT_SECRET` is read from (default `process.env`). */
  environment?: Record<string, string | undefined>;
  /** The directory holding the generated development secret (default `.kefu` in the working directory). */
  directory?: string;
}

/** HS256 wants a key of at least 256 bits. */
const minimumSecretBytes = 32;

/** Where the development secret lives: `<directory>/jwt-secret`. */
export function jwtSecretPath(directory = '.kefu'): string {
  return resolve(join(directory, 'jwt-secret'));
}

/**
 * The key that signs and verifies bearer tokens: `KEFU_JWT_SECRET` when set (at least 32 bytes), otherwise the
 * embedded development secret in `.kefu/jwt-secret`, generated (32 random bytes, mode 0600) on first use so
 * that the server and `kefu token` agree without configuration.
 */
export function loadJwtSecret(options: JwtSecretOptions = {}): Uint8Array {
  const environment = options.environment ?? process.env;
  const configured = environment.KEFU_JWT_SECRET;
  if (configured !== undefined && configured !== '') {
    const bytes = new TextEncoder().encode(configured);
    if (bytes.length < minimumSecretBytes) {
      throw new Error(
        `KEFU_JWT_SECRET is ${bytes.length} bytes; HS256 needs at least ${minimumSecretBytes} (try: openssl rand -base64 48)`,
      );
    }
    return bytes;
  }
  const path = jwtSecretPath(options.directory);
  if (!existsSync(path)) {
    mkdirSync(resolve(path, '..'), { recursive: true });
    writeFileSync(path, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  chmodSync(path, 0o600);
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < minimumSecretBytes) {
    throw new Error(
      `${path} holds a secret shorter than ${minimumSecretBytes} bytes; delete it to generate a new one`,
    );
  }
  return new TextEncoder().encode(secret);
}
