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
