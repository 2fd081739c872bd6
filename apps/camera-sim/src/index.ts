// @camrec/camera-sim: simulated IP cameras for the demo, the server's tests and benchmarks.
export type {
  CameraAuth,
  CommonCameraOptions,
  H264Profile,
  MjpegCameraOptions,
  RtspAudio,
  RtspCameraOptions,
  RtspVideoCodec,
  SimCamera,
} from './camera-options';
export { CameraOptionsError } from './camera-options';
export { startMjpegCamera } from './mjpeg/mjpeg-camera';
export { startRtspCamera } from './rtsp/rtsp-camera';
export { VFR_INTERVAL_FACTORS } from './emit/frame-schedule';
export { motionScene, type MotionSceneOptions } from './render/motion-scene';
export type { ReplayCamera, ReplayCameraOptions } from './replay/replay-camera';
export { startReplayCamera } from './replay/replay-camera';
// The frame-index bar every simulated camera draws, read back from a decoded gray frame: for
// tests of the libraries below @camrec/media, which cannot import it from there.
export { decodeFrameIndex } from '@camrec/media';
// A simulated ONVIF device (WS-Discovery and the Profile S calls, checked against the
// specification's schemas) in front of simulated RTSP cameras.
export {
  DISCOVERY_GROUP,
  DISCOVERY_PORT,
  startOnvifTestDevice,
  type OnvifTestDevice,
  type OnvifTestDeviceOptions,
} from './onvif/onvif-test-device';
export { loopbackMulticastProblem } from './onvif/loopback-multicast';
export { xmllintMissing } from './onvif/schema-validator';
