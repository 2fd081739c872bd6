import { fileName } from './range-video.service';

const START = Date.UTC(2026, 11, 5, 14, 22, 33, 456);

describe('fileName of a range video: <camera>-<start>.mp4 in characters any system takes', () => {
  it.each([
    ['Yard', 'Yard-20261205T142233Z.mp4'],
    ['Yard / gate "east"', 'Yard_gate_east-20261205T142233Z.mp4'],
    ['Café Ünïcode', 'Cafe_Unicode-20261205T142233Z.mp4'],
    ['../../etc/passwd', 'etc_passwd-20261205T142233Z.mp4'],
    ['a\r\nContent-Type: text/html', 'a_Content-Type_text_html-20261205T142233Z.mp4'],
    ['摄像头', 'camera-20261205T142233Z.mp4'],
    ['x'.repeat(200), `${'x'.repeat(60)}-20261205T142233Z.mp4`],
  ])('names %j %s', (camera, expected) => {
    expect(fileName(camera, START)).toBe(expected);
  });
});
