import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from '../app/config/load-app-config';
import { SERVER_NODE_FLAGS, WORKSPACE_ROOT } from '@camrec/testing';

const UNIT_NAME = 'camera-recorder.service';
const text = readFileSync(join(WORKSPACE_ROOT, 'deploy', UNIT_NAME), 'utf8');

/** Section → key → values in order (systemd keys may repeat). */
function parseUnit(unit: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> | undefined;
  for (const line of unit.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = sections[header[1]] = {};
      continue;
    }
    const [key, ...value] = line.split('=');
    if (!current) throw new Error(`${line}: outside a section`);
    (current[key] ??= []).push(value.join('='));
  }
  return sections;
}

const unit = parseUnit(text);
const service = unit['Service'] ?? {};
const one = (key: string) => {
  expect(service[key]).toHaveLength(1);
  return service[key][0];
};
const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

describe(`deploy/${UNIT_NAME}`, () => {
  // Reported as skipped where systemd is not installed (apt-get install systemd).
  (hasSystemdAnalyze ? it : it.skip)('passes systemd-analyze verify with nothing to say', () => {
    // verify checks that ExecStart's program exists: use this machine's node.
    const dir = mkdtempSync(join(tmpdir(), 'camrec-unit-'));
    try {
      const file = join(dir, UNIT_NAME);
      writeFileSync(
        file,
        text.replace('ExecStart=/usr/bin/node ', `ExecStart=${process.execPath} `),
      );
      const result = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({
        status: 0,
        output: '',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is hardened: no new privileges, private tmp, read-only system and no home', () => {
    expect(one('NoNewPrivileges')).toBe('yes');
    expect(one('PrivateTmp')).toBe('yes');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('ProtectHome')).toBe('yes');
    expect(one('PrivateDevices')).toBe('yes');
    expect(one('CapabilityBoundingSet')).toBe('');
    expect(one('RestrictAddressFamilies').split(' ').sort()).toEqual([
      'AF_INET',
      'AF_INET6',
      'AF_UNIX',
    ]);
  });

  it("runs as its own unprivileged user, with the server's node flags, and restarts on failure", () => {
    expect(one('User')).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(one('User')).not.toBe('root');
    expect(service['DynamicUser']).toBeUndefined();
    expect(one('Restart')).toBe('on-failure');
    const [node, ...args] = one('ExecStart').split(' ');
    expect(node).toBe('/usr/bin/node');
    expect(args.slice(0, -1)).toEqual(SERVER_NODE_FLAGS);
    expect(args.at(-1)).toMatch(/^\/\S+\/dist\/apps\/api\/main\.js$/);
  });

  it('may write only the videos and binaries folders the server resolves from its directory', () => {
    const workingDirectory = one('WorkingDirectory');
    // The server's own resolution of the default videos_dir and binaries_dir there.
    const config = loadAppConfig({ env: {}, cwd: workingDirectory });
    expect(one('ReadWritePaths').split(' ')).toEqual([config.videos_dir, config.binaries_dir]);
    const stateDirectories = one('StateDirectory')
      .split(' ')
      .map((dir) => join('/var/lib', dir));
    expect(stateDirectories).toEqual([config.videos_dir, config.binaries_dir]);
  });
});
