import type { OnvifDevice, OnvifProfile, OnvifProfilesResponse } from '@camrec/shared-types';
import type { CameraFormValues, OnvifLogin } from '../camera-form-model';

/** What a device shows as in the list: its name, else its address. */
export function deviceTitle(device: OnvifDevice): string {
  return device.name ?? device.address;
}

/** The address its profiles are read at: the device service URL it announced on that address. */
export function deviceAddress(device: OnvifDevice): string {
  const onAddress = device.xaddrs.find((uri) => {
    try {
      return new URL(uri).hostname.replace(/^\[(.*)\]$/, '$1') === device.address;
    } catch {
      return false;
    }
  });
  if (onAddress) return onAddress;
  const host = device.address.includes(':') ? `[${device.address}]` : device.address;
  return device.port === 80 ? host : `${host}:${device.port}`;
}

/** "1920×1080 H264, 25 fps, 4096 kbit/s". */
export function describeProfile(profile: OnvifProfile): string {
  const size = profile.width && profile.height ? `${profile.width}×${profile.height}` : null;
  const parts = [
    [size, profile.encoding].filter(Boolean).join(' '),
    profile.fps ? `${profile.fps} fps` : null,
    profile.bitrate_kbps ? `${profile.bitrate_kbps} kbit/s` : null,
  ].filter(Boolean);
  return parts.join(', ') || 'no video details given';
}

/**
 * The form with the device's streams put in: the largest profile as the URL, the smallest as
 * the substream URL (cleared when the device has one size only), the device's name when the
 * form has none yet, and the address and user they were read with (for PTZ).
 */
export function valuesWithStreams(
  values: CameraFormValues,
  answer: OnvifProfilesResponse,
  device: OnvifDevice | null,
  onvif: OnvifLogin | null = null,
): CameraFormValues {
  if (!answer.main_stream_uri) return values;
  const name = values.name.trim() || device?.name || answer.device?.model || '';
  return {
    ...values,
    name: name.slice(0, 80),
    url: answer.main_stream_uri,
    substreamUrl: answer.substream_uri ?? '',
    onvif: onvif ?? values.onvif,
  };
}
