// @camrec/testing/camera-sim: the simulated IP cameras (MJPEG, RTSP, replay) for the server's
// tests, the bench and the camera-sim CLI. An entry point of its own because the CLI bundles
// what it imports and ships in the production image (the demo camera), whose node_modules hold
// no dev dependencies: nothing reachable from here may import one (the ONVIF test device, which
// needs jsdom, is @camrec/testing/onvif).
export type {
  CameraAuth,
  CommonCameraOptions,
  H264Profile,
  MjpegCameraOptions,
  RtspAudio,
  RtspCameraOptions,
  RtspVideoCodec,
  SimCamera,
} from './lib/camera-sim/camera-options';
export { CameraOptionsError, resolveCommonOptions } from './lib/camera-sim/camera-options';
export { MJPEG_DEFAULT_FPS, startMjpegCamera } from './lib/camera-sim/mjpeg/mjpeg-camera';
export { RTSP_DEFAULT_FPS, startRtspCamera } from './lib/camera-sim/rtsp/rtsp-camera';
export { VFR_INTERVAL_FACTORS } from './lib/camera-sim/emit/frame-schedule';
export { frameLogLines, readFrameLog } from './lib/camera-sim/emit/frame-log';
export { countConnections, type ConnectionCounter } from './lib/camera-sim/net/connection-counter';
export { motionScene, type MotionSceneOptions } from './lib/camera-sim/render/motion-scene';
export type { ReplayCamera, ReplayCameraOptions } from './lib/camera-sim/replay/replay-camera';
export { startReplayCamera } from './lib/camera-sim/replay/replay-camera';
