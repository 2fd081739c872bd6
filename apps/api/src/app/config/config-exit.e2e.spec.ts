import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverCommand } from '@camrec/testing';

/** Runs the built server with a config file; it must not start. */
function startWith(config: unknown): { status: number | null; stderr: string; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'camrec-badconfig-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const { args, cwd, env } = serverCommand({ configFile: file });
  const result = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', timeout: 60_000 });
  rmSync(dir, { recursive: true, force: true });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe('a bad configuration stops the start', () => {
  it.each([
    [
      { port: 70000 },
      'camrec: config FILE: key "port" is 70000; expected an integer from 0 to 65535',
    ],
    [
      { proxy_mode: 'sometimes' },
      'camrec: config FILE: key "proxy_mode" is "sometimes"; expected one of auto, proxy, direct',
    ],
    [{ colour: 'blue' }, 'camrec: config FILE: unknown key "colour"; known keys: host, port,'],
  ])('%j exits with code 2 and one line naming the key', (config, expected) => {
    const { status, stderr, stdout } = startWith(config);
    expect(status).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].replace(/config \S+config\.json:/, 'config FILE:')).toContain(expected);
    expect(stdout).toBe('');
  });
});
