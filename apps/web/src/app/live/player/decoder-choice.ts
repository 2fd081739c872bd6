import type { Mp4TrackInfo } from '@camrec/mp4';
import type { DecoderKind } from './live-renderer';
import { videoDecoderConfig } from './webcodecs-renderer';

const DECODER_KINDS: readonly DecoderKind[] = ['webcodecs', 'mse', 'jpeg'];
export const DECODER_STORAGE_KEY = 'camrec.decoder';

/**
 * A decoder forced by `?decoder=mse|webcodecs|jpeg` or by localStorage `camrec.decoder`,
 * so that tests (and people debugging) can pin one path.
 */
export function forcedDecoder(
  search: string,
  storage: Pick<Storage, 'getItem'> | null,
): DecoderKind | null {
  const fromQuery = new URLSearchParams(search).get('decoder');
  const value = fromQuery ?? safeGet(storage, DECODER_STORAGE_KEY);
  return DECODER_KINDS.includes(value as DecoderKind) ? (value as DecoderKind) : null;
}

function safeGet(storage: Pick<Storage, 'getItem'> | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** The first video codec of a MIME type such as `video/mp4; codecs="avc1.64001f, mp4a.40.2"`. */
export function videoCodecFromMime(mime: string): string | null {
  const codecs = /codecs\s*=\s*"?([^";]+)"?/i.exec(mime)?.[1];
  if (!codecs) return null;
  const video = codecs
    .split(',')
    .map((codec) => codec.trim())
    .find((codec) => /^(avc[13]|hvc1|hev1|vp09|av01)\./.test(codec));
  return video ?? null;
}

export interface DecoderQuestion {
  track: Mp4TrackInfo | null;
  mime: string;
  forced: DecoderKind | null;
  /** Sound was asked for: only MSE plays it, so it goes first. */
  wantsAudio: boolean;
  /** Decoders that already failed on this stream. */
  excluded: ReadonlySet<DecoderKind>;
}

export interface DecoderSupport {
  webcodecs(config: VideoDecoderConfig): Promise<boolean>;
  mse(mime: string): boolean;
}

export const browserSupport: DecoderSupport = {
  async webcodecs(config) {
    if (typeof VideoDecoder !== 'function') return false;
    try {
      return (await VideoDecoder.isConfigSupported(config)).supported === true;
    } catch {
      return false;
    }
  },
  mse(mime) {
    return typeof MediaSource === 'function' && MediaSource.isTypeSupported(mime);
  },
};

/** Picks how to show an `mse` stream: WebCodecs, then MSE, then JPEG frames. */
export async function chooseDecoder(
  question: DecoderQuestion,
  support: DecoderSupport = browserSupport,
): Promise<DecoderKind> {
  for (const kind of preferenceOrder(question.forced, question.wantsAudio)) {
    if (question.excluded.has(kind)) continue;
    if (kind === 'jpeg') return kind;
    if (kind === 'mse' && support.mse(question.mime)) return kind;
    if (kind === 'webcodecs' && question.track) {
      const config = videoDecoderConfig(question.track, videoCodecFromMime(question.mime));
      if (config && (await support.webcodecs(config))) return kind;
    }
  }
  return 'jpeg';
}

function preferenceOrder(forced: DecoderKind | null, wantsAudio: boolean): DecoderKind[] {
  if (forced === 'jpeg') return ['jpeg'];
  if (forced === 'mse' || wantsAudio) return ['mse', 'webcodecs', 'jpeg'];
  return ['webcodecs', 'mse', 'jpeg'];
}
