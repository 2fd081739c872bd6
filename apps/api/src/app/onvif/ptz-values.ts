import type { PtzPosition, PtzPreset } from '@camrec/shared-types';

// Pure readings of what the onvif client hands over (xml2js, linerased: `$` holds attributes,
// numbers are numbers), bounded as a device's text must be.

const MAX_TOKEN_LENGTH = 64; // tt:ReferenceToken
const MAX_NAME_LENGTH = 64; // tt:Name
const MAX_PRESETS = 256;
// eslint-disable-next-line no-control-regex -- a device's text must not carry control characters
const CONTROL = /[\u0000-\u001f\u007f]/g;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function text(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const clean = value.replace(CONTROL, '').trim();
  return clean || null;
}

function token(value: unknown): string | null {
  const given = text(value);
  return given && given.length <= MAX_TOKEN_LENGTH ? given : null;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** The token of the first profile with a PTZ configuration, and that configuration's node. */
export function ptzProfile(profiles: unknown): { token: string; nodeToken: string | null } | null {
  for (const profile of list(profiles)) {
    const configuration = field(profile, 'PTZConfiguration');
    const profileToken = token(field(field(profile, '$'), 'token'));
    if (configuration !== undefined && profileToken) {
      return { token: profileToken, nodeToken: token(field(configuration, 'nodeToken')) };
    }
  }
  return null;
}

/** The presets from GetPresets (the client answers them by name), at most 256. */
export function presetList(raw: unknown): PtzPreset[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const presets: PtzPreset[] = [];
  for (const preset of Object.values(raw as Record<string, unknown>)) {
    const presetToken = token(field(field(preset, '$'), 'token'));
    if (!presetToken || presets.some((p) => p.token === presetToken)) continue;
    const name = text(field(preset, 'name')) ?? presetToken;
    presets.push({ token: presetToken, name: name.slice(0, MAX_NAME_LENGTH) });
    if (presets.length === MAX_PRESETS) break;
  }
  return presets;
}

/** What the node moves: its continuous velocity spaces (both, when it does not say). */
export function nodeMovements(
  nodes: unknown,
  nodeToken: string | null,
): { pan_tilt: boolean; zoom: boolean } {
  const all = typeof nodes === 'object' && nodes !== null ? (nodes as Record<string, unknown>) : {};
  const node = (nodeToken !== null ? all[nodeToken] : undefined) ?? Object.values(all)[0];
  const spaces = field(node, 'supportedPTZSpaces');
  if (spaces === undefined) return { pan_tilt: true, zoom: true };
  return {
    pan_tilt: field(spaces, 'continuousPanTiltVelocitySpace') !== undefined,
    zoom: field(spaces, 'continuousZoomVelocitySpace') !== undefined,
  };
}

/** GetStatus's position, when it is three finite numbers. */
export function positionOf(status: unknown): PtzPosition | null {
  const position = field(status, 'position');
  const [pan, tilt, zoom] = ['x', 'y', 'zoom'].map((key) => Number(field(position, key)));
  if (![pan, tilt, zoom].every(Number.isFinite)) return null;
  return { pan, tilt, zoom };
}

/** A velocity as the client writes it into its XML: three decimals, no exponent, no -0. */
export function velocity(value: number | undefined): number {
  const rounded = Math.round((value ?? 0) * 1000) / 1000;
  return rounded === 0 ? 0 : rounded;
}
