// @camrec/rtsp: one reader of RTSP connections (messages and `$`-interleaved RTP/RTCP) and the
// one relay hop between ffmpeg and an RTSP camera (credentials, UDP-only cameras, rtsps
// certificates, the camera's sender-report clock).
export * from './lib/rtsp-message';
export * from './lib/rtsp-reader';
export * from './lib/http-digest-auth';
export { SenderReportClock, videoFromSdp, type VideoRtp } from './lib/clock/sender-report-clock';
export {
  RtspRelay,
  type RelayAddOptions,
  type RelayedCamera,
  type RtspRelayOptions,
} from './lib/relay/rtsp-relay';
export { RelayUrlError } from './lib/relay/relay-route';
export { isCertificateError } from './lib/relay/camera-dial';
