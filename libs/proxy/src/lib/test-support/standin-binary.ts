import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineKind } from './engine-contracts';

export interface StandinBinary {
  /** Executable to configure as mediamtx_path / go2rtc_path. */
  path: string;
  /** Requests the stand-in found invalid against the engine's OpenAPI document. */
  violations(): string[];
}

/**
 * Writes an executable named like the engine that runs engine-standin.ts (through ts-node)
 * in its place. The wrapper `exec`s node, so the supervised pid is the stand-in itself.
 */
export function writeStandinBinary(folder: string, engine: EngineKind): StandinBinary {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, engine);
  const violationsFile = join(folder, `${engine}.violations`);
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      `export CAMREC_STANDIN_VIOLATIONS=${quote(violationsFile)}`,
      'export TS_NODE_TRANSPILE_ONLY=true',
      `export TS_NODE_PROJECT=${quote(join(__dirname, '..', '..', '..', 'tsconfig.spec.json'))}`,
      `exec ${quote(process.execPath)} -r ${quote(require.resolve('ts-node/register'))} ${quote(join(__dirname, 'engine-standin.ts'))} ${engine} "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return {
    path,
    violations: () =>
      existsSync(violationsFile)
        ? readFileSync(violationsFile, 'utf8').split('\n').filter(Boolean)
        : [],
  };
}
