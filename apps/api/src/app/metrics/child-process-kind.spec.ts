import { childProcessKind } from './child-process-kind';

describe('childProcessKind', () => {
  it.each([
    ['ingest 3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b', 'ingest'],
    ['jpeg preview 3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b', 'jpeg_preview'],
    ['motion 3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b', 'motion'],
    ['recorder 3f1c2a9e_20250102-030405.mp4', 'clip_recorder'],
    ['continuous encoder k3j4h5g6f7d8s9a0', 'continuous_encoder'],
    ['recording remux', 'finaliser'],
    ['ffmpeg -version', 'probe'],
    ['ffprobe recording', 'probe'],
    ['mediamtx', 'proxy_engine'],
    ['go2rtc', 'proxy_engine'],
    ['demo camera', 'demo_camera'],
    ['something new 42', 'other'],
  ])('%s → %s', (name, kind) => {
    expect(childProcessKind(name)).toBe(kind);
  });
});
