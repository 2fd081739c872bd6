import { registerAs } from '@nestjs/config';
import { validateSync } from 'class-validator';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppConfig, CONFIG_KEYS } from './app-config';

/** A configuration problem; the message is the one line printed before exiting. */
export class ConfigError extends Error {}

export interface ConfigSources {
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Environment variables that override a key (the seed's names). */
const ENV_OVERRIDES: Record<string, keyof AppConfig> = {
  HOST: 'host',
  PORT: 'port',
  VIDEOS_DIR: 'videos_dir',
  LOG_LEVEL: 'log_level',
};
const NUMERIC_KEYS = new Set<string>(['port']);

/**
 * Reads config.json (or the file named by CAMREC_CONFIG), applies environment overrides and
 * validates every key with class-validator against `AppConfig`. Relative paths are resolved
 * against the working directory. Throws a ConfigError naming the first bad key.
 */
export function loadAppConfig({ env, cwd }: ConfigSources): AppConfig {
  const file = resolve(cwd, env['CAMREC_CONFIG'] ?? 'config.json');
  const values: Record<string, unknown> = readConfigFile(file, env['CAMREC_CONFIG'] !== undefined);
  const where = new Map<string, string>(
    Object.keys(values).map((key) => [key, `config ${file}: key "${key}"`]),
  );
  for (const [variable, key] of Object.entries(ENV_OVERRIDES)) {
    const raw = env[variable];
    if (raw === undefined) continue;
    values[key] = NUMERIC_KEYS.has(key) && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
    where.set(key, `environment variable ${variable}`);
  }

  // Checked here, not with class-validator's whitelist: it lets a "__proto__" key through.
  const unknown = Object.keys(values).find((key) => !CONFIG_KEYS.includes(key));
  if (unknown !== undefined) {
    throw new ConfigError(
      `config ${file}: unknown key "${unknown}"; known keys: ${CONFIG_KEYS.join(', ')}`,
    );
  }
  const config = Object.assign(new AppConfig(), values);
  const [problem] = validateSync(config, { stopAtFirstError: true });
  if (problem) {
    const expected = Object.values(problem.constraints ?? {})[0];
    throw new ConfigError(
      `${where.get(problem.property)} is ${describeValue(problem.property, problem.value)}; ${expected}`,
    );
  }
  if (config.mqtt_url !== null && !URL.canParse(config.mqtt_url)) {
    throw new ConfigError(
      `${where.get('mqtt_url')} is ${describeValue('mqtt_url', config.mqtt_url)}; expected a broker URL such as "mqtt://127.0.0.1:1883" (port 1 to 65535)`,
    );
  }
  if ((config.tls_cert === null) !== (config.tls_key === null)) {
    throw new ConfigError(
      `config ${file}: keys "tls_cert" and "tls_key" go together; expected both (PEM files) or neither`,
    );
  }
  config.videos_dir = resolve(cwd, config.videos_dir);
  config.binaries_dir = resolve(cwd, config.binaries_dir);
  config.index_path = resolve(cwd, config.index_path ?? join(config.videos_dir, 'index.sqlite'));
  for (const key of ['tls_cert', 'tls_key'] as const) {
    const path = config[key];
    if (path !== null) config[key] = readableFile(file, key, resolve(cwd, path));
  }
  config.search_path = env['PATH'] ?? '';
  config.camera_env = { ...env };
  config.auth_token_file = resolve(dirname(file), 'auth_token');
  return config;
}

/** The loaded configuration as a @nestjs/config namespace (`ConfigService.get('app')`). */
export const appConfigNamespace = (config: AppConfig) => registerAs('app', () => config);

/**
 * A bad value as the one-line message shows it: secrets are not repeated (the message goes to
 * the terminal and the service log).
 */
function describeValue(key: string, value: unknown): string {
  if (key === 'mqtt_password') return 'not shown (it is the password)';
  if (key === 'mqtt_url' && typeof value === 'string') {
    // Everything before the last '@' may be a password, however malformed the URL is.
    return JSON.stringify(value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[\s\S]*@/i, '$1***@'));
  }
  return JSON.stringify(value);
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

function readableFile(file: string, key: string, path: string): string {
  try {
    accessSync(path, constants.R_OK);
    return path;
  } catch (error) {
    throw new ConfigError(
      `config ${file}: key "${key}" is ${JSON.stringify(path)}; expected a readable PEM file (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}
