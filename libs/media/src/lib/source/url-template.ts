import { parseSourceUrl, type ParsedSourceUrl, SourceUrlError } from './source-url';

/** `${NAME}` in a saved camera's URL: a value (a password) kept in the server's environment. */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The variables a URL names, in order, each once. */
export function urlVariables(template: string): string[] {
  return [...new Set([...template.matchAll(VARIABLE)].map((match) => match[1]))];
}

/**
 * The URL with every `${NAME}` replaced by that environment variable, percent-encoded (a
 * password may hold '@', '/' or ':'). The message of a missing variable names it, never a value.
 */
export function resolveUrlTemplate(
  template: string,
  env: Readonly<Record<string, string | undefined>>,
): string {
  return template.replace(VARIABLE, (_match, name: string) => {
    const value = env[name];
    if (value === undefined) {
      throw new SourceUrlError(
        `url names \${${name}}, which is not set in the server's environment`,
      );
    }
    return encodeURIComponent(value);
  });
}

/**
 * Checks a URL that may name variables as `parseSourceUrl` checks a plain one, whatever the
 * variables hold (they are read only when the camera opens).
 */
export function parseUrlTemplate(template: unknown): ParsedSourceUrl {
  if (typeof template !== 'string') return parseSourceUrl(template);
  const placeholders = Object.fromEntries(urlVariables(template).map((name) => [name, 'x']));
  return parseSourceUrl(resolveUrlTemplate(template, placeholders));
}
