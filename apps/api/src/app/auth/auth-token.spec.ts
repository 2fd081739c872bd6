import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { resolveAuthToken, sameToken } from './auth-token';

describe('resolveAuthToken', () => {
  let dir: string;
  let config: AppConfig;
  let lines: string[];
  const logger = { log: (line: string) => lines.push(line) } as never;

  beforeEach(() => {
    config = new AppConfig();
    dir = mkdtempSync(join(tmpdir(), 'camrec-token-'));
    config.auth_token_file = join(dir, 'auth_token');
    lines = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a token once, stores it mode 0600 and prints it only then', () => {
    const first = resolveAuthToken(config, logger);
    expect(readFileSync(config.auth_token_file, 'utf8').trim()).toBe(first);
    expect(statSync(config.auth_token_file).mode & 0o777).toBe(0o600);
    expect(lines.filter((line) => line.includes(first))).toHaveLength(1);

    lines = [];
    expect(resolveAuthToken(config, logger)).toBe(first);
    expect(lines.join('\n')).not.toContain(first);
    expect(lines.join('\n')).toContain(config.auth_token_file);
  });

  it('prefers auth_token from the config and writes no file', () => {
    config.auth_token = 'a-configured-token-123';
    expect(resolveAuthToken(config, logger)).toBe('a-configured-token-123');
    expect(() => statSync(config.auth_token_file)).toThrow();
  });

  it('replaces an empty token file and makes it owner-only', () => {
    writeFileSync(config.auth_token_file, '\n');
    chmodSync(config.auth_token_file, 0o644);
    const token = resolveAuthToken(config, logger);
    expect(token.length).toBeGreaterThan(30);
    expect(statSync(config.auth_token_file).mode & 0o777).toBe(0o600);
  });

  it('compares tokens of any length without throwing', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abcd')).toBe(false);
    expect(sameToken('', 'abcd')).toBe(false);
  });
});
