import type { OnvifProfile } from '@camrec/shared-types';
import { MAX_SOURCE_URL_LENGTH, parseSourceUrl, SourceUrlError } from '@camrec/media';

/** A profile as read from GetProfiles, before its stream URI is asked. */
export type ProfileSummary = Omit<OnvifProfile, 'stream_uri' | 'stream_error' | 'role'>;

const MAX_TOKEN_LENGTH = 64; // tt:ReferenceToken
const MAX_NAME_LENGTH = 64; // tt:Name
const MAX_DIMENSION = 16384;
// eslint-disable-next-line no-control-regex -- a device's text must not carry control characters
const CONTROL = /[\u0000-\u001f\u007f]/g;

/**
 * One tt:Profile as the onvif client hands it over (xml2js, linerased: `$` holds attributes,
 * numbers are numbers). Null without a usable token: the token is what GetStreamUri is asked for.
 */
export function summariseProfile(raw: unknown): ProfileSummary | null {
  const token = text(field(field(raw, '$'), 'token'));
  if (!token || token.length > MAX_TOKEN_LENGTH) return null;
  const encoder = field(raw, 'videoEncoderConfiguration');
  const resolution = field(encoder, 'resolution');
  const rate = field(encoder, 'rateControl');
  const width = dimension(field(resolution, 'width'));
  const height = dimension(field(resolution, 'height'));
  return {
    token,
    name: (text(field(raw, 'name')) ?? token).slice(0, MAX_NAME_LENGTH),
    encoding: encodingName(text(field(encoder, 'encoding'))),
    width: width && height ? width : null,
    height: width && height ? height : null,
    fps: positive(field(rate, 'frameRateLimit'), 1000),
    bitrate_kbps: positive(field(rate, 'bitrateLimit'), 10_000_000),
  };
}

/** H.265 appears as "H265" or "HEVC"; Media2 names encodings by their MIME subtype. */
function encodingName(value: string | null): string | null {
  if (!value) return null;
  const upper = value.toUpperCase().replace(/[.\s-]/g, '');
  if (upper === 'HEVC' || upper === 'H265') return 'H265';
  if (upper === 'AVC' || upper === 'H264') return 'H264';
  if (upper === 'JPEG' || upper === 'MJPEG') return 'JPEG';
  return upper.slice(0, 16);
}

/**
 * The device's RTSP URI with the user name and password put in, percent-encoded (the server
 * decodes them before sending), checked as a camera URL the form can save as it is.
 */
export function streamUriWithCredentials(
  uri: unknown,
  username: string,
  password: string,
): { uri: string } | { error: string } {
  const given = text(uri);
  if (!given) return { error: 'the device gave no stream URI' };
  if (!/^rtsps?:\/\//i.test(given)) {
    return { error: 'the device gave a stream URI that is not rtsp:// or rtsps://' };
  }
  if (given.length > MAX_SOURCE_URL_LENGTH || !URL.canParse(given)) {
    return { error: 'the device gave a stream URI that is not a valid URL' };
  }
  const [, scheme, rest] = /^(rtsps?:\/\/)(.*)$/i.exec(given) as RegExpExecArray;
  // Credentials the device put in its URI are replaced by the ones typed.
  const withoutUserInfo = rest.replace(/^[^/?#]*@/, '');
  const userInfo = username
    ? `${encodeURIComponent(username)}${password ? `:${encodeURIComponent(password)}` : ''}@`
    : '';
  const result = `${scheme.toLowerCase()}${userInfo}${withoutUserInfo}`;
  try {
    parseSourceUrl(result);
  } catch (error) {
    if (error instanceof SourceUrlError) {
      return { error: `the device gave a stream URI the server cannot open (${error.message})` };
    }
    throw error;
  }
  return { uri: result };
}

/**
 * Main stream: the profile with the largest picture; substream: the one with the smallest,
 * when it is smaller. Only profiles with a stream URI count; without any resolution the first
 * such profile is the main stream.
 */
export function assignRoles(profiles: OnvifProfile[]): OnvifProfile[] {
  const usable = profiles.filter((profile) => profile.stream_uri !== null);
  const area = (profile: OnvifProfile) => (profile.width ?? 0) * (profile.height ?? 0);
  const main = usable.reduce<OnvifProfile | null>(
    (best, profile) => (best === null || area(profile) > area(best) ? profile : best),
    null,
  );
  const sized = usable.filter((profile) => area(profile) > 0);
  const sub = sized.reduce<OnvifProfile | null>(
    (best, profile) => (best === null || area(profile) < area(best) ? profile : best),
    null,
  );
  const hasSub = main !== null && sub !== null && area(sub) < area(main);
  return profiles.map((profile) => ({
    ...profile,
    role: profile === main ? 'main' : hasSub && profile === sub ? 'sub' : null,
  }));
}

function field(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function text(value: unknown): string | null {
  const raw = typeof value === 'object' && value !== null ? field(value, '_') : value;
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const result = String(raw).replace(CONTROL, ' ').trim();
  return result || null;
}

function dimension(value: unknown): number | null {
  return positive(value, MAX_DIMENSION);
}

function positive(value: unknown, max: number): number | null {
  const number = typeof value === 'number' ? value : Number(text(value));
  return Number.isFinite(number) && number > 0 && number <= max ? Math.round(number) : null;
}
