/** A saved camera that already reads a host (by the host of its URL or substream URL). */
export interface OnvifSavedCamera {
  id: string;
  name: string;
}

/** One device that answered a WS-Discovery probe. */
export interface OnvifDevice {
  /** The IP address the answer came from. */
  address: string;
  /** The port of its device service (from the XAddr on that address, else the first; 80 by default). */
  port: number;
  /** Its device service addresses as it announces them (http/https URLs). */
  xaddrs: string[];
  /** WS-Addressing endpoint reference: a stable id of the device (`urn:uuid:…`). */
  endpoint: string;
  /** From the `onvif://www.onvif.org/name/…` scope, decoded; null without one. */
  name: string | null;
  /** From the `onvif://www.onvif.org/hardware/…` scope, decoded. */
  hardware: string | null;
  /** The `onvif://www.onvif.org/location/…` scopes, decoded and joined with ", ". */
  location: string | null;
  /** Every scope as announced. */
  scopes: string[];
  /** Saved cameras whose URL names this address. */
  saved_cameras: OnvifSavedCamera[];
}

/** `GET /onvif/discover` answer. */
export interface OnvifDiscoveryResponse {
  devices: OnvifDevice[];
  /** How long the probe waited for answers. */
  timeout_ms: number;
  /** More devices answered than are listed (the list is bounded). */
  truncated: boolean;
}

/** `POST /onvif/profiles` body. */
export interface OnvifProfilesRequest {
  /** `host`, `host:port`, `[IPv6]:port` or a device service URL (an XAddr). */
  address: string;
  /** The camera's ONVIF user. */
  username: string;
  password: string;
  /** Accept an https device's certificate unverified; default false. */
  insecure_tls?: boolean;
}

/** Which stream a profile is for the form: the largest picture, or the smallest. */
export type OnvifStreamRole = 'main' | 'sub';

/** One media profile of a device, with its RTSP address. */
export interface OnvifProfile {
  token: string;
  name: string;
  /** `H264`, `H265`, `JPEG`, `MPEG4` as the device names it; null without a video encoder. */
  encoding: string | null;
  width: number | null;
  height: number | null;
  /** The frame rate limit, when given. */
  fps: number | null;
  /** The bitrate limit in kbit/s, when given. */
  bitrate_kbps: number | null;
  /**
   * The RTSP URI with the user name and password put in (for the camera form); null when the
   * device gave none.
   */
  stream_uri: string | null;
  /** Why there is no stream URI. */
  stream_error: string | null;
  role: OnvifStreamRole | null;
}

/** The device as GetDeviceInformation describes it. */
export interface OnvifDeviceInformation {
  manufacturer: string;
  model: string;
  firmware_version: string;
}

/** `POST /onvif/profiles` answer. */
export interface OnvifProfilesResponse {
  /** The host and port that were asked. */
  address: string;
  port: number;
  /** Null when the device would not tell. */
  device: OnvifDeviceInformation | null;
  profiles: OnvifProfile[];
  /** The stream URI of the largest profile (for the form's URL). */
  main_stream_uri: string | null;
  /** The stream URI of the smallest profile, when it differs from the main one. */
  substream_uri: string | null;
}
