/** What a `Range` request header asks of a file of `size` bytes (RFC 9110 §14). */
export type RangeRequest =
  /** No usable Range: send the whole file with 200. */
  | { kind: 'whole' }
  /** One satisfiable range: send bytes `start..end` (inclusive) with 206. */
  | { kind: 'partial'; start: number; end: number }
  /** A bytes range that cannot be served: 416 with `Content-Range: bytes *\/size`. */
  | { kind: 'unsatisfiable'; reason: string };

const SINGLE_RANGE = /^(\d*)-(\d*)$/;

/**
 * Parses a `Range` header for one byte range. Units other than bytes are ignored (200, as
 * the RFC allows); several ranges are served as the whole file (a player asks for one).
 * A malformed or unsatisfiable bytes range is refused with 416.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined || header.trim() === '') return { kind: 'whole' };
  const match = /^\s*([A-Za-z]+)\s*=\s*(.*)$/.exec(header);
  if (!match) return unsatisfiable(`malformed Range header ${JSON.stringify(header)}`);
  const [, unit, specs] = match;
  if (unit.toLowerCase() !== 'bytes') return { kind: 'whole' };
  const ranges = specs.split(',').map((spec) => spec.trim());
  if (ranges.length > 1) return { kind: 'whole' };
  const range = SINGLE_RANGE.exec(ranges[0]);
  if (!range || (range[1] === '' && range[2] === '')) {
    return unsatisfiable(`malformed byte range ${JSON.stringify(ranges[0])}`);
  }
  const [, first, last] = range;
  if (first === '') {
    // Suffix range: the last N bytes.
    const length = Number(last);
    if (length === 0 || size === 0) return unsatisfiable('an empty suffix range selects no byte');
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) {
    return unsatisfiable(`byte range ${start}-${last} ends before it starts`);
  }
  if (start >= size) {
    return unsatisfiable(`byte range starts at ${start}, beyond the end of the ${size}-byte file`);
  }
  return { kind: 'partial', start, end };
}

function unsatisfiable(reason: string): RangeRequest {
  return { kind: 'unsatisfiable', reason };
}
