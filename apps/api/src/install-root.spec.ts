import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_ROOT } from './install-root';

describe('INSTALL_ROOT', () => {
  it('is the folder of the package, not the working folder', () => {
    const pkg = JSON.parse(readFileSync(join(INSTALL_ROOT, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('camera-recorder');
    expect(
      readFileSync(join(INSTALL_ROOT, 'apps', 'api', 'src', 'install-root.ts'), 'utf8'),
    ).toContain('export const INSTALL_ROOT');
  });
});
