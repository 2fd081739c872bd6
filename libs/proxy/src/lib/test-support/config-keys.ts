/** A YAML value's kind, for comparing with the default configuration. */
export function yamlKind(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Keys of `config` the engine does not know: absent from its default configuration, or of
 * another kind there (a null default accepts any scalar). Paths are checked against
 * `pathDefaults`, as MediaMTX does.
 */
export function unknownConfigKeys(
  config: Record<string, unknown>,
  defaults: Record<string, unknown>,
  prefix = '',
): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const name = `${prefix}${key}`;
    if (!Object.hasOwn(defaults, key)) {
      problems.push(name);
      continue;
    }
    const expected = defaults[key];
    if (name === 'paths') {
      const pathDefaults = defaults['pathDefaults'] as Record<string, unknown>;
      for (const [path, settings] of Object.entries((value ?? {}) as Record<string, unknown>)) {
        problems.push(
          ...unknownConfigKeys(
            (settings ?? {}) as Record<string, unknown>,
            pathDefaults,
            `paths.${path}.`,
          ),
        );
      }
      continue;
    }
    const kind = yamlKind(value);
    const expectedKind = yamlKind(expected);
    if (expectedKind === 'null' && kind !== 'object' && kind !== 'array') continue;
    if (kind !== expectedKind) {
      problems.push(`${name} (${kind}, expected ${expectedKind})`);
      continue;
    }
    if (kind === 'object') {
      problems.push(
        ...unknownConfigKeys(
          value as Record<string, unknown>,
          expected as Record<string, unknown>,
          `${name}.`,
        ),
      );
    }
  }
  return problems;
}
