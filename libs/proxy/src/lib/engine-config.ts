import { dump } from 'js-yaml';

export interface EngineConfigPorts {
  /** RTSP port other tools and our ingest read from (mediamtx_port / go2rtc_port). */
  rtspPort: number;
  /** Control API port, on 127.0.0.1 only. */
  apiPort: number;
}

/**
 * MediaMTX configuration: RTSP over TCP and the control API, both on 127.0.0.1; every other
 * protocol off. MediaMTX refuses unknown keys, so only keys of the pinned default
 * mediamtx.yml are used (a contract test checks that).
 */
export function mediamtxConfig({ rtspPort, apiPort }: EngineConfigPorts): Record<string, unknown> {
  return {
    logLevel: 'info',
    logDestinations: ['stdout'],
    api: true,
    apiAddress: `127.0.0.1:${apiPort}`,
    metrics: false,
    pprof: false,
    playback: false,
    rtsp: true,
    rtspTransports: ['tcp'],
    rtspEncryption: 'no',
    rtspAddress: `127.0.0.1:${rtspPort}`,
    rtmp: false,
    hls: false,
    webrtc: false,
    srt: false,
    moq: false,
    paths: {},
  };
}

/** go2rtc configuration: RTSP and API on 127.0.0.1, WebRTC and its STUN servers off. */
export function go2rtcConfig({ rtspPort, apiPort }: EngineConfigPorts): Record<string, unknown> {
  return {
    api: { listen: `127.0.0.1:${apiPort}` },
    rtsp: { listen: `127.0.0.1:${rtspPort}` },
    webrtc: { listen: '', ice_servers: [] },
    rtmp: { listen: '' },
    srtp: { listen: '' },
    log: { level: 'info', format: 'text' },
    streams: {},
  };
}

export function toYaml(config: Record<string, unknown>): string {
  return dump(config, { lineWidth: -1 });
}
