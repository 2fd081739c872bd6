import { isIP } from 'node:net';
import type { OnvifDevice } from '@camrec/shared-types';

/** A discovered device before it is compared with the saved cameras. */
export type FoundDevice = Omit<OnvifDevice, 'saved_cameras'>;

const MAX_XADDRS = 8;
const MAX_SCOPES = 32;
const MAX_URI_LENGTH = 512;
const MAX_TEXT_LENGTH = 128;
const ONVIF_SCOPE = /^onvif:\/\/www\.onvif\.org\/([^/]+)\/(.+)$/i;

/**
 * A ProbeMatches message as the onvif client hands it over (parsed by xml2js, tag names without
 * prefixes, first letters lower-cased, "linerased": one element is a value, several an array)
 * and the address it came from. Null when it is not a usable probe match: whatever a device on
 * the LAN sends, only bounded, well-formed fields are kept.
 */
export function deviceOfProbeMatch(message: unknown, from: string): FoundDevice | null {
  const matches = field(field(message, 'probeMatches'), 'probeMatch');
  // One device per answer: several matches in one message are not what ONVIF devices send.
  const match = Array.isArray(matches) ? matches[0] : matches;
  const endpoint = text(field(field(match, 'endpointReference'), 'address'), MAX_URI_LENGTH);
  if (!endpoint || isIP(from) === 0) return null;
  const xaddrs = words(field(match, 'XAddrs'))
    .filter((uri) => uri.length <= MAX_URI_LENGTH && /^https?:\/\/\S+$/i.test(uri))
    .filter((uri) => URL.canParse(uri))
    .slice(0, MAX_XADDRS);
  const scopes = words(field(match, 'scopes'))
    .filter((scope) => scope.length <= MAX_URI_LENGTH)
    .slice(0, MAX_SCOPES);
  const decoded = scopes.map(onvifScope).filter((scope) => scope !== null);
  const named = (key: string) =>
    decoded.filter((scope) => scope.key === key).map((scope) => scope.value);
  return {
    address: from,
    port: portOf(xaddrs, from),
    xaddrs,
    endpoint,
    name: named('name')[0] ?? null,
    hardware: named('hardware')[0] ?? null,
    location: named('location').join(', ').slice(0, MAX_TEXT_LENGTH) || null,
    scopes,
  };
}

/** `onvif://www.onvif.org/name/Front%20door` → name: "Front door". */
function onvifScope(scope: string): { key: string; value: string } | null {
  const parts = ONVIF_SCOPE.exec(scope);
  if (!parts) return null;
  let value = parts[2];
  try {
    value = decodeURIComponent(value);
  } catch {
    // Kept as announced when it is not valid percent-encoding.
  }
  // eslint-disable-next-line no-control-regex -- a device's text must not carry control characters
  value = value.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return value ? { key: parts[1].toLowerCase(), value: value.slice(0, MAX_TEXT_LENGTH) } : null;
}

/** The port of the XAddr on the address that answered, else of the first; 80 by default. */
function portOf(xaddrs: string[], from: string): number {
  const urls = xaddrs.map((uri) => new URL(uri));
  const url = urls.find((u) => u.hostname.replace(/^\[(.*)\]$/, '$1') === from) ?? urls[0];
  if (!url) return 80;
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** An element's text: a string, or xml2js's `{_: text, $: attributes}` when it has attributes. */
function text(value: unknown, max: number): string | null {
  const raw = typeof value === 'object' && value !== null ? field(value, '_') : value;
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const result = String(raw).trim();
  return result && result.length <= max ? result : null;
}

/** A space-separated list (xs:list) of URIs. */
function words(value: unknown): string[] {
  const list = text(value, 64 * 1024);
  return list ? [...new Set(list.split(/\s+/).filter(Boolean))] : [];
}
