// Where a Python helper script is: beside its module in the sources (camera-sim/rtsp), beside
// the bundle after a build (apps/camera-sim's build copies camera-sim/rtsp/*.py next to main.js).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function locateScript(name: string, baseDir: string = __dirname): string {
  const candidates = [join(baseDir, name), join(baseDir, '..', 'rtsp', name)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`${name} not found; looked at ${candidates.join(', ')}`);
  return found;
}
