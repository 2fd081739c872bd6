import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '@camrec/testing';
import { loadOpenCv } from './opencv';

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

  it('loads the binding that tools/setup.sh --with-test-deps built', () => {
    const load = loadOpenCv(WORKSPACE_ROOT);
    expect(load).toMatchObject({ ok: true, version: expect.stringMatching(/^4\./) });
  });
});
