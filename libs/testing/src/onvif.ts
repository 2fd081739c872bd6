// @camrec/testing/onvif: a simulated ONVIF device (WS-Discovery and the Profile S calls, checked
// against the specification's schemas) in front of simulated RTSP cameras. An entry point of its
// own because it parses XML with jsdom, ~0.6 s of CPU to load: the many test files that import
// @camrec/testing for other things do not pay for it.
export {
  DISCOVERY_GROUP,
  DISCOVERY_PORT,
  startOnvifTestDevice,
  type OnvifTestDevice,
  type OnvifTestDeviceOptions,
} from './lib/camera-sim/onvif/onvif-test-device';
export { loopbackMulticastProblem } from './lib/camera-sim/onvif/loopback-multicast';
export {
  PtzHead,
  type PtzVector,
  type ReceivedMove,
  type TestPreset,
} from './lib/camera-sim/onvif/ptz-head';
export { xmllintMissing } from './lib/camera-sim/onvif/schema-validator';
