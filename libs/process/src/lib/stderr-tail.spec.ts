import { StderrTail } from './stderr-tail';

describe('StderrTail', () => {
  it('splits on \\r and \\n across chunks and masks credentials', () => {
    const tail = new StderrTail(10);
    tail.push('frame=  1\rframe=  2\rrtsp://u:p');
    tail.push('w@host/x: 401 Unauthorized\r\nlast');
    expect(tail.lines()).toEqual([
      'frame=  1',
      'frame=  2',
      'rtsp://u:***@host/x: 401 Unauthorized',
    ]);
    tail.flush();
    expect(tail.lines().at(-1)).toBe('last');
  });
});
