import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@camrec/testing';
import { findOpenCv, loadOpenCv } from './opencv';

describe('loadOpenCv', () => {
  it('says why motion detection is unavailable when the binding is not installed', () => {
    const root = mkdtempSync(join(tmpdir(), 'camrec-no-opencv-'));
    try {
      const load = loadOpenCv(root);
      expect(load.ok).toBe(false);
      if (!load.ok)
        expect(load.reason).toMatch(/OpenCV is not installed.*tools\/setup\.sh --with-test-deps/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('finds the binding without loading it, or says why it is missing', () => {
    const found = findOpenCv(WORKSPACE_ROOT);
    expect(found).toEqual({ ok: true, path: expect.stringContaining('tools/opencv/node_modules/@u4/opencv4nodejs/') }); // prettier-ignore
    const root = mkdtempSync(join(tmpdir(), 'camrec-no-opencv-'));
    try {
      expect(findOpenCv(root)).toEqual({ ok: false, reason: expect.stringMatching(/OpenCV is not installed/) }); // prettier-ignore
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('loads the binding that tools/setup.sh --with-test-deps built', () => {
    const load = loadOpenCv(WORKSPACE_ROOT);
    expect(load).toMatchObject({ ok: true, version: expect.stringMatching(/^4\./) });
  });
});
