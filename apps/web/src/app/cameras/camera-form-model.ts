import type {
  CameraInfo,
  CameraRecordMode,
  CreateCameraRequest,
  SessionListItem,
  UpdateCameraRequest,
} from '@camrec/shared-types';
import { ApiRequestError, errorMessage } from '../api/api-error';

/** An ONVIF device's address and user, as Find cameras read its streams with them. */
export interface OnvifLogin {
  address: string;
  username: string;
  password: string;
}

/** What the add/edit form holds, as typed. */
export interface CameraFormValues {
  name: string;
  url: string;
  /** Empty: no substream. */
  substreamUrl: string;
  record: CameraRecordMode;
  motionEnabled: boolean;
  insecureTls: boolean;
  /** Opened at start and kept open; off keeps the camera saved but closed. */
  enabled: boolean;
  /**
   * The ONVIF login Find cameras read the streams with, saved with the camera (PTZ); null keeps
   * what the camera has (the saved password is never shown, so it is never sent back).
   */
  onvif: OnvifLogin | null;
}

export type CameraField =
  'name' | 'url' | 'substream_url' | 'record' | 'motion' | 'insecure_tls' | 'enabled';

/** Messages by the field they are about; `form` for what names no field. */
export type CameraFormErrors = Partial<Record<CameraField | 'form', string>>;

export const NEW_CAMERA: CameraFormValues = {
  name: '',
  url: '',
  substreamUrl: '',
  record: 'off',
  motionEnabled: false,
  insecureTls: false,
  enabled: true,
  onvif: null,
};

/**
 * The server hides a password as `***` (`rtsp://user:***@host/…`, `?pwd=***`): such a URL
 * cannot be opened or saved again, only kept as it is on the server.
 */
export function isMaskedUrl(url: string): boolean {
  return url.includes('***');
}

/** An edit starts from the camera as saved; its URLs come masked. */
export function valuesOfCamera(camera: CameraInfo): CameraFormValues {
  return {
    name: camera.name,
    url: camera.url,
    substreamUrl: camera.substream_url ?? '',
    record: camera.record,
    motionEnabled: camera.motion.enabled,
    insecureTls: camera.insecure_tls,
    enabled: camera.enabled,
    onvif: null,
  };
}

/**
 * "Save as camera" on an unsaved session: what the dashboard knows of it. Its URL is known
 * only when it has no credentials to mask; otherwise the person types it again.
 */
export function valuesOfSession(session: SessionListItem): CameraFormValues {
  return {
    ...NEW_CAMERA,
    name: session.name,
    url: isMaskedUrl(session.source_url) ? '' : session.source_url,
    motionEnabled: session.motion.enabled,
    insecureTls: session.insecure_tls,
  };
}

/** What the dashboard can tell before asking the server; the server checks the rest. */
export function checkValues(
  values: CameraFormValues,
  original: CameraInfo | null,
): CameraFormErrors {
  const errors: CameraFormErrors = {};
  if (!values.name.trim()) errors.name = 'Give the camera a name, for example Front door.';
  const url = values.url.trim();
  if (!url) {
    errors.url = 'Paste the camera’s URL, for example rtsp://user:password@192.168.1.20/stream1.';
  } else if (isMaskedUrl(url) && url !== original?.url) {
    errors.url = MASK_LEFT;
  }
  const substream = values.substreamUrl.trim();
  if (substream && isMaskedUrl(substream) && substream !== original?.substream_url) {
    errors.substream_url = MASK_LEFT;
  }
  return errors;
}

const MASK_LEFT =
  'Type the whole URL with its password: *** only stands for the saved one, which is not shown.';

export function createRequest(values: CameraFormValues): CreateCameraRequest {
  const substream = values.substreamUrl.trim();
  return {
    name: values.name.trim(),
    url: values.url.trim(),
    ...(substream ? { substream_url: substream } : {}),
    record: values.record,
    insecure_tls: values.insecureTls,
    motion: { enabled: values.motionEnabled },
    // Left out when on (the default), so a plain camera's request stays plain.
    ...(values.enabled ? {} : { enabled: false }),
    ...onvifFields(values.onvif),
  };
}

function onvifFields(onvif: OnvifLogin | null): Partial<CreateCameraRequest> {
  if (!onvif) return {};
  return {
    onvif_address: onvif.address,
    onvif_username: onvif.username,
    onvif_password: onvif.password,
  };
}

/**
 * Only what changed. The URLs come back masked, so one is sent only when the person typed a
 * new one: sending the masked text back would save `***` as the password.
 */
export function updateRequest(original: CameraInfo, values: CameraFormValues): UpdateCameraRequest {
  const change: UpdateCameraRequest = {};
  const name = values.name.trim();
  if (name !== original.name) change.name = name;
  const url = values.url.trim();
  if (url !== original.url) change.url = url;
  const substream = values.substreamUrl.trim() || null;
  if (substream !== original.substream_url) change.substream_url = substream;
  if (values.record !== original.record) change.record = values.record;
  if (values.insecureTls !== original.insecure_tls) change.insecure_tls = values.insecureTls;
  if (values.enabled !== original.enabled) change.enabled = values.enabled;
  // The whole motion settings, so that a server replacing them keeps the tuning.
  if (values.motionEnabled !== original.motion.enabled) {
    change.motion = { ...original.motion, enabled: values.motionEnabled };
  }
  // Only a login Find cameras used now: the saved one stays otherwise.
  Object.assign(change, onvifFields(values.onvif));
  return change;
}

/** Field names and the words the server's messages use for them, most specific first. */
const FIELD_WORDS: [CameraField, RegExp][] = [
  ['substream_url', /sub-?stream/i],
  ['insecure_tls', /insecure_tls|certificate/i],
  ['name', /\bnamed?\b/i],
  ['url', /\burl\b|\bscheme\b|protocol/i],
  ['record', /\brecord\b/i],
  ['motion', /\bmotion\b/i],
  ['enabled', /\benabled\b/i],
];

/**
 * Puts a failed save or preview next to the field it is about. A 400 or 409 names the field
 * (`url must use rtsp…`, `a camera named … already exists`); a 502/504 is the camera's own
 * reason, about the URL it could not read.
 */
export function errorsOfFailure(error: unknown): CameraFormErrors {
  const message = errorMessage(error);
  if (!(error instanceof ApiRequestError)) return { form: message };
  const text = error.serverMessage ?? '';
  const named = FIELD_WORDS.find(([, words]) => words.test(text))?.[0];
  if (error.statusCode === 502 || error.statusCode === 504) {
    const field = named === 'substream_url' || named === 'insecure_tls' ? named : 'url';
    return { [field]: message };
  }
  if ([400, 409, 422].includes(error.statusCode) && named) return { [named]: message };
  return { form: message };
}

/** The first field, in the form's order, that has something to say. */
export function firstErrorField(errors: CameraFormErrors): CameraField | null {
  const order: CameraField[] = [
    'name',
    'url',
    'substream_url',
    'record',
    'motion',
    'insecure_tls',
    'enabled',
  ];
  return order.find((field) => errors[field]) ?? null;
}
