import { commandForKey, keyBelongsToTarget } from './timeline-keys';

const key = (k: string, extra: Partial<KeyboardEvent> = {}) => ({
  key: k,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...extra,
});

describe('timeline keys', () => {
  it('space plays and pauses', () => {
    expect(commandForKey(key(' '), false)).toEqual({ kind: 'toggle-play' });
    expect(commandForKey(key(' '), true)).toEqual({ kind: 'toggle-play' });
  });

  it('arrows step a frame while paused and seek 5 s while playing', () => {
    expect(commandForKey(key('ArrowRight'), false)).toEqual({ kind: 'step-frame', direction: 1 });
    expect(commandForKey(key('ArrowLeft'), false)).toEqual({ kind: 'step-frame', direction: -1 });
    expect(commandForKey(key('ArrowRight'), true)).toEqual({ kind: 'seek-by', ms: 5000 });
    expect(commandForKey(key('ArrowLeft'), true)).toEqual({ kind: 'seek-by', ms: -5000 });
    expect(commandForKey(key('ArrowLeft', { shiftKey: true }), true)).toEqual({
      kind: 'seek-by',
      ms: -30_000,
    });
    expect(commandForKey(key('ArrowRight', { shiftKey: true }), false)).toEqual({
      kind: 'seek-by',
      ms: 1000,
    });
  });

  it('+ and − zoom, Page Up and Page Down pan', () => {
    expect(commandForKey(key('+'), false)).toEqual({ kind: 'zoom', factor: 0.5 });
    expect(commandForKey(key('='), false)).toEqual({ kind: 'zoom', factor: 0.5 });
    expect(commandForKey(key('-'), false)).toEqual({ kind: 'zoom', factor: 2 });
    expect(commandForKey(key('PageUp'), false)).toEqual({ kind: 'pan', fraction: -0.5 });
    expect(commandForKey(key('PageDown'), false)).toEqual({ kind: 'pan', fraction: 0.5 });
  });

  it('digits set the speed, i/o mark, x clears', () => {
    expect(commandForKey(key('4'), true)).toEqual({ kind: 'rate', rate: 4 });
    expect(commandForKey(key('3'), true)).toBeNull();
    expect(commandForKey(key('i'), true)).toEqual({ kind: 'mark-in' });
    expect(commandForKey(key('O'), true)).toEqual({ kind: 'mark-out' });
    expect(commandForKey(key('x'), true)).toEqual({ kind: 'clear-marks' });
  });

  it('leaves the browser its shortcuts and other keys', () => {
    expect(commandForKey(key('+', { ctrlKey: true }), false)).toBeNull();
    expect(commandForKey(key('ArrowLeft', { altKey: true }), false)).toBeNull();
    expect(commandForKey(key('Escape'), false)).toBeNull();
    expect(commandForKey(key('Tab'), false)).toBeNull();
  });

  it('lets fields have their keys, and buttons their Space and Enter', () => {
    const input = document.createElement('input');
    const button = document.createElement('button');
    const canvas = document.createElement('canvas');
    expect(keyBelongsToTarget(input, 'ArrowLeft')).toBe(true);
    expect(keyBelongsToTarget(button, ' ')).toBe(true);
    expect(keyBelongsToTarget(button, 'ArrowLeft')).toBe(false);
    expect(keyBelongsToTarget(canvas, ' ')).toBe(false);
  });
});
