import type { CameraInfo, CameraRecordMode } from '@camrec/shared-types';
import { formatMoment, formatUntil } from '../shared/format';

export type BadgeTone = 'ok' | 'busy' | 'down' | 'off';

/** A camera's state as the tile's badge says it, and what else there is to know. */
export interface StateBadge {
  tone: BadgeTone;
  label: string;
  /**
   * Why it is offline and when the server tries again, why it is not recorded (a full disk), or
   * why its substream is not shown; null when there is nothing to say.
   */
  detail: string | null;
}

export function stateBadge(camera: CameraInfo, now = new Date()): StateBadge {
  const { status } = camera;
  switch (status.state) {
    case 'online':
      return {
        tone: 'ok',
        label: 'Online',
        detail:
          [
            status.recording_error ? `Not recording: ${sentence(status.recording_error)}` : null,
            status.substream_error
              ? `Substream unavailable, showing the main stream: ${status.substream_error}`
              : null,
          ]
            .filter(Boolean)
            .join(' ') || null,
      };
    case 'connecting':
      return { tone: 'busy', label: 'Connecting', detail: status.last_error };
    case 'disabled':
      return {
        tone: 'off',
        label: 'Disabled',
        detail: 'Not opened: enable it to watch and record.',
      };
    case 'offline': {
      const since = status.offline_since ? ` since ${formatMoment(status.offline_since, now)}` : '';
      const retry = status.next_attempt_at
        ? `Next attempt ${formatUntil(status.next_attempt_at, now)}.`
        : null;
      const reason = status.last_error ? sentence(status.last_error) : null;
      return {
        tone: 'down',
        label: `Offline${since}`,
        detail: [reason, retry].filter(Boolean).join(' ') || null,
      };
    }
  }
}

export const RECORD_LABELS: Record<CameraRecordMode, string> = {
  off: 'Not recording',
  motion: 'Records on motion',
  continuous: 'Records continuously',
};

export function motionLabel(enabled: boolean, active: boolean): string {
  if (!enabled) return 'Motion detection off';
  return active ? 'Motion now' : 'No motion';
}

function sentence(text: string): string {
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
