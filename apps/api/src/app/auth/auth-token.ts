import { Logger } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AppConfig } from '../config/app-config';

/**
 * The token every request needs when the server listens beyond loopback: `auth_token` from
 * the config, else the one kept in `auth_token_file` (beside the config file, mode 0600),
 * else a new one written there and printed once.
 */
export function resolveAuthToken(config: AppConfig, logger = new Logger('auth')): string {
  if (config.auth_token) return config.auth_token;
  const file = config.auth_token_file;
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 16) {
      logger.log(`access token: the one stored in ${file}`);
      return stored;
    }
  }
  const token = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, token + '\n', { mode: 0o600 });
    // mode applies only when the file is created; a file that existed keeps its mode otherwise.
    chmodSync(file, 0o600);
  } catch (error) {
    throw new Error(
      `no auth_token is configured and a generated one cannot be stored in ${file} ` +
        `(${(error as NodeJS.ErrnoException).code}): set auth_token in the config file`,
    );
  }
  logger.log(
    `access token (generated, stored in ${file}, readable by its owner only): ${token} — ` +
      'scripts send "Authorization: Bearer TOKEN"; the dashboard asks for it once',
  );
  return token;
}

/** Compares in constant time (digests, so the lengths never differ). */
export function sameToken(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
