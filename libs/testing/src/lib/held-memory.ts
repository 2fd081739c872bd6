import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collectGarbage: (() => void) | undefined;

/**
 * Bytes this process's JS heap and Buffers hold after full collections: what a leak or an
 * unbounded queue keeps. RSS is no such measure: it also counts garbage V8 has not collected
 * yet, which piles up on a busy machine.
 */
export function heldBytes(): number {
  if (!collectGarbage) {
    setFlagsFromString('--expose-gc');
    collectGarbage = runInNewContext('gc') as () => void;
  }
  collectGarbage();
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
