/** What a key asks of the timeline and its player. */
export type TimelineCommand =
  | { kind: 'toggle-play' }
  | { kind: 'step-frame'; direction: 1 | -1 }
  | { kind: 'seek-by'; ms: number }
  | { kind: 'zoom'; factor: number }
  | { kind: 'pan'; fraction: number }
  | { kind: 'rate'; rate: PlaybackRate }
  | { kind: 'mark-in' }
  | { kind: 'mark-out' }
  | { kind: 'clear-marks' };

export const PLAYBACK_RATES = [1, 2, 4, 8] as const;
export type PlaybackRate = (typeof PLAYBACK_RATES)[number];

/** ←/→ while playing. */
export const SEEK_STEP_MS = 5000;
/** Shift+←/→ while playing. */
export const LONG_SEEK_STEP_MS = 30_000;
/** +/− zoom by this factor. */
export const ZOOM_STEP = 2;

type KeyInput = Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>;

/**
 * The timeline's keys: space (or k) plays and pauses; ←/→ step one frame while paused and
 * seek 5 s while playing (shift: 1 s paused, 30 s playing); + and − zoom; PageUp/PageDown pan by
 * half a view; 1, 2, 4, 8 set the speed; i and o mark the in and out points, x clears them.
 * Keys with Ctrl, Alt or Cmd are the browser's.
 */
export function commandForKey(event: KeyInput, playing: boolean): TimelineCommand | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  switch (event.key) {
    case ' ':
    case 'Spacebar':
    case 'k':
      return { kind: 'toggle-play' };
    case 'ArrowRight':
    case 'ArrowLeft': {
      const direction = event.key === 'ArrowRight' ? 1 : -1;
      if (playing) {
        return {
          kind: 'seek-by',
          ms: direction * (event.shiftKey ? LONG_SEEK_STEP_MS : SEEK_STEP_MS),
        };
      }
      return event.shiftKey
        ? { kind: 'seek-by', ms: direction * 1000 }
        : { kind: 'step-frame', direction };
    }
    case '+':
    case '=':
      return { kind: 'zoom', factor: 1 / ZOOM_STEP };
    case '-':
    case '_':
      return { kind: 'zoom', factor: ZOOM_STEP };
    case 'PageUp':
      return { kind: 'pan', fraction: -0.5 };
    case 'PageDown':
      return { kind: 'pan', fraction: 0.5 };
    case '1':
    case '2':
    case '4':
    case '8':
      return { kind: 'rate', rate: Number(event.key) as PlaybackRate };
    case 'i':
    case 'I':
      return { kind: 'mark-in' };
    case 'o':
    case 'O':
      return { kind: 'mark-out' };
    case 'x':
    case 'X':
      return { kind: 'clear-marks' };
    default:
      return null;
  }
}

/**
 * Whether a key pressed on `target` belongs to it rather than to the timeline: typing in a
 * field, or Space/Enter on a button or link (which activate it).
 */
export function keyBelongsToTarget(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return (tag === 'BUTTON' || tag === 'A') && (key === ' ' || key === 'Enter');
}
