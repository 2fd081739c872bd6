import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig } from './app-config';
import { CONFIG_SCHEMA, ENV_OVERRIDES, KeyRule } from './config-schema';

/** A configuration problem; the message is the one line printed before exiting. */
export class ConfigError extends Error {}

export interface ConfigSources {
  env: Record<string, string | undefined>;
  cwd: string;
}

/**
 * Reads config.json (or the file named by CAMREC_CONFIG), applies environment overrides and
 * validates every key. Relative paths are resolved against the working directory.
 */
export function loadAppConfig({ env, cwd }: ConfigSources): AppConfig {
  const file = resolve(cwd, env['CAMREC_CONFIG'] ?? 'config.json');
  const fromFile = readConfigFile(file, env['CAMREC_CONFIG'] !== undefined);
  const values: Record<string, unknown> = {};

  for (const [key, raw] of Object.entries(fromFile)) {
    if (!(key in CONFIG_SCHEMA)) {
      throw new ConfigError(
        `config ${file}: unknown key "${key}"; known keys: ${Object.keys(CONFIG_SCHEMA).join(', ')}`,
      );
    }
    values[key] = checkValue(`config ${file}: key "${key}"`, CONFIG_SCHEMA[key], raw);
  }
  for (const [variable, key] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[variable];
    if (raw !== undefined) {
      values[key] = checkValue(
        `environment variable ${variable}`,
        CONFIG_SCHEMA[key],
        fromEnvText(CONFIG_SCHEMA[key], raw),
      );
    }
  }
  const config = new AppConfig();
  for (const [key, rule] of Object.entries(CONFIG_SCHEMA)) {
    (config as unknown as Record<string, unknown>)[key] =
      key in values ? values[key] : rule.default;
  }
  config.videos_dir = resolve(cwd, config.videos_dir);
  config.binaries_dir = resolve(cwd, config.binaries_dir);
  config.search_path = env['PATH'] ?? '';
  return config;
}

function readConfigFile(file: string, named: boolean): Record<string, unknown> {
  if (!existsSync(file)) {
    if (named) throw new ConfigError(`config file ${file} (CAMREC_CONFIG) does not exist`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`config ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`config ${file} must contain a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** Environment values are text; numbers and booleans are read from it before the same checks. */
function fromEnvText(rule: KeyRule, raw: string): unknown {
  if ((rule.kind === 'int' || rule.kind === 'number') && /^-?\d+(\.\d+)?$/.test(raw.trim())) {
    return Number(raw);
  }
  return raw;
}

function checkValue(where: string, rule: KeyRule, value: unknown): unknown {
  const got = JSON.stringify(value);
  switch (rule.kind) {
    case 'int':
    case 'number': {
      const what = rule.kind === 'int' ? 'an integer' : 'a number';
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (rule.kind === 'number' || Number.isInteger(value));
      if (!ok || (value as number) < rule.min || (value as number) > rule.max) {
        throw new ConfigError(
          `${where} is ${got}; expected ${what} from ${rule.min} to ${rule.max}`,
        );
      }
      return value;
    }
    case 'string':
      if (
        typeof value !== 'string' ||
        value.trim() === '' ||
        (rule.pattern && !rule.pattern.test(value))
      ) {
        throw new ConfigError(
          `${where} is ${got}; expected ${rule.describe ?? 'a non-empty string'}`,
        );
      }
      return value;
    case 'optional-string':
      if (value !== null && (typeof value !== 'string' || value.trim() === '')) {
        throw new ConfigError(
          `${where} is ${got}; expected a non-empty string (a file path) or null`,
        );
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') {
        throw new ConfigError(`${where} is ${got}; expected true or false`);
      }
      return value;
    case 'enum':
      if (typeof value !== 'string' || !rule.values.includes(value)) {
        throw new ConfigError(`${where} is ${got}; expected one of ${rule.values.join(', ')}`);
      }
      return value;
  }
}
