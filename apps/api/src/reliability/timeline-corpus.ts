/**
 * The timeline's routes under the hostile corpus: reversed, empty, enormous, non-numeric and
 * far-future ranges and instants, bad and unknown camera ids, bad resolutions, durations and
 * export ids, camera lists too long or malformed, bodies of every wrong shape. The target
 * camera (see CorpusContext) has no footage, so a valid request for footage gets a 404 and a
 * valid timeline a bounded, empty answer. Pure data, like hostile-corpus.ts.
 */

import { badIds, RANGE_QUERIES } from './camera-corpus';
import {
  type CorpusContext,
  type Expectation,
  type HttpCase,
  JSON_TYPE,
  NIL_UUID,
} from './corpus-common';

type Case = Omit<HttpCase, 'category' | 'name'>;

const get = (path: string, expect: Expectation, names?: string): Case => ({ method: 'GET', path, headers: {}, expect, names }); // prettier-ignore
const post = (path: string, body: unknown, expect: Expectation, names?: string): Case => ({ method: 'POST', path, headers: JSON_TYPE, body: typeof body === 'string' ? body : JSON.stringify(body), expect, names }); // prettier-ignore
const del = (path: string, expect: Expectation, names?: string): Case => ({ method: 'DELETE', path, headers: {}, expect, names }); // prettier-ignore

/** A valid range without footage on the target camera. */
const START = '2026-12-05T10:00:00Z';
const END = '2026-12-05T11:00:00Z';

/** Values an instant parameter (`at`, `origin`) must refuse, from the range corpus's starts. */
function badInstants(): Array<[string, string]> {
  return RANGE_QUERIES.filter(([, query]) => /^start=[^&]*$/.test(query)).map(([name, query]) => [
    name.replace(/^start /, ''),
    query.slice('start='.length),
  ]);
}

function rangeCases(ctx: CorpusContext): Array<[string, string, Case]> {
  const cases: Array<[string, string, Case]> = [];
  const timelines: Array<[string, string]> = [
    ['camera timeline', `/cameras/${ctx.cameraId}/timeline?`],
    ['cameras timeline', `/timeline?cameras=${ctx.cameraId}&`],
  ];
  for (const [category, prefix] of timelines) {
    for (const [name, query, expect, names] of RANGE_QUERIES) {
      // A timeline covers at most 400 days: the 200-year listings are refused, naming the end.
      const enormous = name.startsWith('200 years');
      cases.push([category, `range: ${name}`, get(`${prefix}${query}`, enormous ? 'refused' : expect, enormous ? 'end' : names)]); // prettier-ignore
    }
    const resolutions: Array<[string, Expectation]> = [
      ['999', 'refused'], ['0', 'refused'], ['-1000', 'refused'], ['86400001', 'refused'],
      ['1000.5', 'refused'], ['abc', 'refused'], ['', 'refused'], ['NaN', 'refused'],
      ['Infinity', 'refused'], ['1e309', 'refused'], ['99999999999999999999', 'refused'],
      ['1000&resolution_ms=2000', 'refused'], ['1000', 'accepted'], ['86400000', 'accepted'],
    ]; // prettier-ignore
    for (const [value, expect] of resolutions) {
      cases.push([category, `resolution_ms=${value}`, get(`${prefix}resolution_ms=${value}`, expect, 'resolution_ms')]); // prettier-ignore
    }
    // A month at the finest resolution: bounded by the footage (none), answered at once.
    cases.push([category, '400 days at 1 s resolution', get(`${prefix}start=2025-11-01T00:00:00Z&end=2026-12-05T00:00:00Z&resolution_ms=1000`, 'accepted')]); // prettier-ignore
  }
  return cases;
}

function cameraListCases(ctx: CorpusContext): Array<[string, string, Case]> {
  const list = (value: string, expect: Expectation, names?: string): Case => get(`/timeline?cameras=${value}`, expect, names); // prettier-ignore
  const ids = (n: number) => Array.from({ length: n }, () => ctx.cameraId).join(',');
  const cases: Array<[string, Case]> = [
    ['no cameras parameter', get('/timeline', 'refused', 'cameras')],
    ['empty', list('', 'refused', 'cameras')],
    ['a comma', list(',', 'refused', 'cameras')],
    ['an empty id between two', list(`${ctx.cameraId},,${ctx.cameraId}`, 'refused', 'cameras')],
    ['65 ids', list(ids(65), 'refused', 'cameras')],
    ['10,000 commas', list(','.repeat(10_000), 'refused', 'cameras')],
    ['a path among the ids', list(`${ctx.cameraId},..%2f..%2fetc`, 'refused', 'cameras')],
    ['an id in capitals', list(ctx.cameraId.toUpperCase(), 'refused', 'cameras')],
    // Repeated, the parameter is a list like its comma-separated form.
    ['cameras twice', get(`/timeline?cameras=${ctx.cameraId}&cameras=${ctx.cameraId}`, 'accepted')], // prettier-ignore
    ['cameras twice, one a list', get(`/timeline?cameras=${ctx.cameraId},${ctx.cameraId}&cameras=${ctx.cameraId}`, 'refused', 'cameras')], // prettier-ignore
    ['cameras as an object', get(`/timeline?cameras[a]=${ctx.cameraId}`, 'refused', 'cameras')],
    ['64 ids (the same one)', list(ids(64), 'accepted')],
    ['an id no camera has (bounded: empty)', list('aaaaaaaaaaaa', 'accepted')],
  ];
  return cases.map(([name, request]) => ['cameras timeline', `cameras: ${name}`, request]);
}

/** Every camera route of the timeline with every bad id, and an unknown one. */
function idCases(ctx: CorpusContext): Array<[string, string, Case]> {
  const cases: Array<[string, string, Case]> = [];
  // What an id no camera has gets: its timeline is empty (footage outlives cameras), the
  // footage routes and kept ranges 404.
  const routes: Array<[string, (id: string) => Case, Expectation]> = [
    ['GET /cameras/:id/timeline', (id) => get(`/cameras/${id}/timeline`, 'refused'), 'accepted'],
    ['GET /cameras/:id/playback.mp4', (id) => get(`/cameras/${id}/playback.mp4?at=${START}`, 'refused'), 'refused'], // prettier-ignore
    ['GET /cameras/:id/thumbnail.jpg', (id) => get(`/cameras/${id}/thumbnail.jpg?at=${START}`, 'refused'), 'refused'], // prettier-ignore
    ['GET /cameras/:id/jpeg-frames', (id) => get(`/cameras/${id}/jpeg-frames?at=${START}`, 'refused'), 'refused'], // prettier-ignore
    ['POST /cameras/:id/kept', (id) => post(`/cameras/${id}/kept`, { start: START, end: END }, 'refused'), 'refused'], // prettier-ignore
    ['DELETE /cameras/:id/kept/1', (id) => del(`/cameras/${id}/kept/1`, 'refused'), 'refused'],
    ['GET /cameras/:id/video.mp4', (id) => get(`/cameras/${id}/video.mp4?start=${START}&end=${END}`, 'refused'), 'refused'], // prettier-ignore
  ];
  for (const [name, id] of badIds(ctx)) {
    const unknown = name === 'a percent-encoded unknown id';
    // Invalid UTF-8 fails as a path before the id is read: the 400 names the path.
    const names = unknown || name.includes('overlong') ? undefined : 'id';
    for (const [route, request, unknownExpect] of routes) {
      const expect = unknown ? unknownExpect : 'refused';
      cases.push(['timeline camera id', `${route} with ${name}`, { ...request(id), expect, names }]); // prettier-ignore
    }
  }
  return cases;
}

function playbackCases(ctx: CorpusContext): Array<[string, string, Case]> {
  const cases: Array<[string, string, Case]> = [];
  const playback = `/cameras/${ctx.cameraId}/playback.mp4`;
  const thumbnail = `/cameras/${ctx.cameraId}/thumbnail.jpg`;
  const frames = `/cameras/${ctx.cameraId}/jpeg-frames`;
  for (const [name, value] of badInstants()) {
    cases.push(['playback', `at ${name}`, get(`${playback}?at=${value}`, 'refused', 'at')]);
    cases.push(['jpeg frames', `at ${name}`, get(`${frames}?at=${value}`, 'refused', 'at')]);
    cases.push(['playback', `origin ${name}`, get(`${playback}?at=${START}&origin=${value}`, 'refused', 'origin')]); // prettier-ignore
    cases.push(['thumbnail', `at ${name}`, get(`${thumbnail}?at=${value}`, 'refused', 'at')]);
  }
  for (const value of [
    '0',
    '-1',
    '61',
    '1.5',
    'abc',
    '',
    'NaN',
    'Infinity',
    '1e309',
    '99999999999999999999',
    '10&duration=20',
  ]) {
    // prettier-ignore
    cases.push(['playback', `duration=${value}`, get(`${playback}?at=${START}&duration=${value}`, 'refused', 'duration')]); // prettier-ignore
  }
  for (const value of ['0', '-1', '31', 'abc', '', 'NaN', '1e309', '5&duration=6']) {
    cases.push(['jpeg frames', `duration=${value}`, get(`${frames}?at=${START}&duration=${value}`, 'refused', 'duration')]); // prettier-ignore
  }
  cases.push(
    ['playback', 'no at', get(playback, 'refused', 'at')],
    [
      'playback',
      'an unknown parameter',
      get(`${playback}?at=${START}&speed=8`, 'refused', 'speed'),
    ],
    ['playback', 'no footage at or after the instant (404)', get(`${playback}?at=${START}`, 'refused')], // prettier-ignore
    ['playback', 'far future, valid (404)', get(`${playback}?at=2199-12-31T23:59:59Z&duration=60`, 'refused')], // prettier-ignore
    ['playback', 'origin after at', get(`${playback}?at=${START}&origin=${END}`, 'refused')],
    ['jpeg frames', 'no at', get(frames, 'refused', 'at')],
    ['jpeg frames', 'an unknown parameter', get(`${frames}?at=${START}&speed=8`, 'refused', 'speed')], // prettier-ignore
    ['jpeg frames', 'no footage at or after the instant (404)', get(`${frames}?at=${START}`, 'refused')], // prettier-ignore
    ['thumbnail', 'no at', get(thumbnail, 'refused', 'at')],
    ['thumbnail', 'no footage at or after the instant (404)', get(`${thumbnail}?at=${START}`, 'refused')], // prettier-ignore
    ['thumbnail', 'an unknown parameter', get(`${thumbnail}?at=${START}&width=99999`, 'refused', 'width')], // prettier-ignore
  );
  return cases;
}

/** A range as one MP4 (GET /cameras/:id/video.mp4): both ends required, at most a day. */
function rangeVideoCases(ctx: CorpusContext): Array<[string, string, Case]> {
  const video = `/cameras/${ctx.cameraId}/video.mp4`;
  const hour = '2026-12-05T11:00:00Z';
  const queries: Array<[string, string, string | undefined]> = [
    ['no start', `end=${END}`, 'start'],
    ['no end', `start=${START}`, 'end'],
    ['neither', '', 'start'],
    ['reversed', `start=${END}&end=${START}`, 'end'],
    ['empty', `start=${START}&end=${START}`, 'end'],
    ['25 hours', `start=${START}&end=2026-12-06T11:00:00Z`, 'end'],
    ['200 years', 'start=946684800000&end=7258118399999', 'end'],
    ['start "abc"', `start=abc&end=${END}`, 'start'],
    ['start NaN', `start=NaN&end=${END}`, 'start'],
    ['start -1', `start=-1&end=${END}`, 'start'],
    ['start 10 KB of digits', `start=${'1'.repeat(10_000)}&end=${END}`, 'start'],
    ['end in the year 9999', `start=${START}&end=9999-12-31T23:59:59Z`, 'end'],
    ['end 30 February', `start=${START}&end=2026-02-30T10:00:00Z`, 'end'],
    ['both far in the future', 'start=2199-12-31T00:00:00Z&end=2199-12-31T01:00:00Z', 'start'],
    ['start twice', `start=${START}&start=${START}&end=${hour}`, 'start'],
    ['start as an object', `start[a]=1&end=${END}`, 'start'],
    ['an unknown parameter', `start=${START}&end=${END}&download=1`, 'download'],
  ];
  const cases: Array<[string, string, Case]> = queries.map(([name, query, names]) => [
    'range video',
    name,
    get(`${video}?${query}`, 'refused', names),
  ]);
  cases.push(['range video', 'a valid range without footage (404)', get(`${video}?start=${START}&end=${END}`, 'refused')]); // prettier-ignore
  return cases;
}

/** Bodies of POST /cameras/:id/kept and POST /exports, which take the same start and end. */
function bodyCases(ctx: CorpusContext): Array<[string, string, Case]> {
  const cases: Array<[string, string, Case]> = [];
  const kept = `/cameras/${ctx.cameraId}/kept`;
  const exportOf = (fields: Record<string, unknown>) => ({ camera_id: ctx.cameraId, ...fields });
  const ranges: Array<[string, Record<string, unknown>, string | undefined]> = [
    ['reversed', { start: END, end: START }, 'end'],
    ['empty', { start: START, end: START }, 'end'],
    ['431 days', { start: '2025-10-01T00:00:00Z', end: '2026-12-06T00:00:00Z' }, 'end'],
    ['200 years in ms', { start: '946684800000', end: '7258118399999' }, 'end'],
    ['start as a number', { start: 1764928800000, end: END }, 'start'],
    ['end as a number', { start: START, end: 1764932400000 }, 'end'],
    ['start missing', { end: END }, 'start'],
    ['end missing', { start: START }, 'end'],
    ['start null', { start: null, end: END }, 'start'],
    ['start an array', { start: [START], end: END }, 'start'],
    ['start "abc"', { start: 'abc', end: END }, 'start'],
    ['start 10 KB', { start: '1'.repeat(10_000), end: END }, 'start'],
    ['end in the year 9999', { start: START, end: '9999-12-31T23:59:59Z' }, 'end'],
    ['end far in the future (ms)', { start: START, end: '7258118400001' }, 'end'],
    ['start 30 February', { start: '2026-02-30T10:00:00Z', end: END }, 'start'],
    ['start without a zone', { start: '2026-12-05T10:00:00', end: END }, 'start'],
    ['an unknown field', { start: START, end: END, evil: 1 }, 'evil'],
  ];
  for (const [name, fields, names] of ranges) {
    cases.push(['kept range', `POST /cameras/:id/kept: ${name}`, post(kept, fields, 'refused', names)]); // prettier-ignore
    cases.push(['export', `POST /exports: ${name}`, post('/exports', exportOf(fields), 'refused', names)]); // prettier-ignore
  }
  const notes = { '201 characters': 'n'.repeat(201), 'a number': 5, 'an object': {}, 'an array': ['x'] }; // prettier-ignore
  for (const [name, note] of Object.entries(notes)) {
    cases.push(['kept range', `note is ${name}`, post(kept, { start: START, end: END, note }, 'refused', 'note')]); // prettier-ignore
  }
  cases.push(
    ['kept range', 'a null note (none)', post(kept, { start: START, end: END, note: null }, 'accepted')], // prettier-ignore
    ['kept range', 'a range with a note of markup', post(kept, { start: START, end: END, note: '<img src=x onerror=alert(1)>' }, 'accepted')], // prettier-ignore
    ['kept range', 'malformed JSON', post(kept, '{"start":', 'refused')],
    ['kept range', 'an array body', post(kept, '[]', 'refused')],
    ['kept range', '__proto__', post(kept, `{"start":"${START}","end":"${END}","__proto__":{"note":1}}`, 'refused')], // prettier-ignore
    ['export', 'camera_id missing', post('/exports', { start: START, end: END }, 'refused', 'camera_id')], // prettier-ignore
    ['export', 'camera_id a path', post('/exports', { camera_id: '../../etc', start: START, end: END }, 'refused', 'camera_id')], // prettier-ignore
    ['export', 'camera_id an array', post('/exports', { camera_id: [ctx.cameraId], start: START, end: END }, 'refused', 'camera_id')], // prettier-ignore
    ['export', 'an unknown camera (404)', post('/exports', { camera_id: 'aaaaaaaaaaaa', start: START, end: END }, 'refused')], // prettier-ignore
    ['export', 'a range without footage (404)', post('/exports', exportOf({ start: START, end: END }), 'refused')], // prettier-ignore
    ['export', '8 days', post('/exports', exportOf({ start: '2026-11-01T00:00:00Z', end: '2026-11-09T00:00:00Z' }), 'refused', 'end')], // prettier-ignore
    ['export', 'malformed JSON', post('/exports', '{"camera_id":', 'refused')],
    ['export', 'a string body', post('/exports', '"export"', 'refused')],
  );
  return cases;
}

function idParamCases(ctx: CorpusContext): Array<[string, string, Case]> {
  const cases: Array<[string, string, Case]> = [];
  for (const value of [
    '0',
    '-1',
    'abc',
    '1.5',
    '1e309',
    '99999999999999999999',
    '%00',
    '..%2f..%2fetc',
  ]) {
    // prettier-ignore
    cases.push(['kept range', `DELETE /cameras/:id/kept/${value}`, del(`/cameras/${ctx.cameraId}/kept/${value}`, 'refused', 'keptId')]); // prettier-ignore
  }
  cases.push(['kept range', 'DELETE an unknown kept range (404)', del(`/cameras/${ctx.cameraId}/kept/999999999`, 'refused')]); // prettier-ignore
  const exportIds = ['x', '1', NIL_UUID.toUpperCase().replace('4000', '1000'), `${NIL_UUID}0`, '..%2f..%2fconfig.json', 'a'.repeat(10_000)]; // prettier-ignore
  for (const id of exportIds) {
    cases.push(['export', `GET /exports/${id.slice(0, 40)}`, get(`/exports/${id}`, 'refused', 'id')]); // prettier-ignore
    cases.push(['export', `DELETE /exports/${id.slice(0, 40)}`, del(`/exports/${id}`, 'refused', 'id')]); // prettier-ignore
  }
  cases.push(
    ['export', 'GET an unknown export (404)', get(`/exports/${NIL_UUID}`, 'refused')],
    ['export', 'DELETE an unknown export (404)', del(`/exports/${NIL_UUID}`, 'refused')],
    ['export', 'GET /exports (the list)', get('/exports', 'accepted')],
  );
  return cases;
}

export function timelineCases(ctx: CorpusContext): HttpCase[] {
  return [
    ...rangeCases(ctx),
    ...cameraListCases(ctx),
    ...idCases(ctx),
    ...playbackCases(ctx),
    ...rangeVideoCases(ctx),
    ...bodyCases(ctx),
    ...idParamCases(ctx),
  ].map(([category, name, request]) => ({ category, name, ...request }));
}
