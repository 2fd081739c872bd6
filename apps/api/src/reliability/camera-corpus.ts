/**
 * The saved cameras' routes under the hostile corpus: every hostile source URL as a camera's
 * `url` and `substream_url` (verified, saved with `verify: false`, and changed by PATCH), hostile
 * names, every field with a wrong type or out of range, unknown fields, hostile ONVIF details
 * and PTZ requests, bad ids,
 * `delete_recordings` garbage, bad ranges and limits, and the reads that must never show a
 * password. Pure data, like hostile-corpus.ts, which adds these to the rest.
 */

import {
  type CorpusContext,
  DEAD_CAMERA,
  type Expectation,
  type HttpCase,
  JSON_TYPE,
} from './corpus-common';
import { sourceUrls } from './source-url-corpus';

/** Parsable, and refused at once by the camera's address: a verified save fails fast (502). */
const VALID_URL = `rtsp://${DEAD_CAMERA}/x`;
/** Names of the cameras the test saves before the corpus (see CorpusContext). */
export const TARGET_CAMERA_NAME = 'Corpus target';
export const SECRET_CAMERA_NAME = 'Secret camera';

type Body = Record<string, unknown>;

/**
 * Camera URLs the URL parser refuses although a camera could be reached so (WHATWG URLs have no
 * IPv6 zone ids): /session/open answers them 400 too, which its `camera` expectation allows.
 */
const UNPARSABLE = new Set(['IPv6 with zone id']);

/** Builds the cases of one category; names of saved cameras are unique within a corpus. */
class CaseList {
  readonly cases: HttpCase[] = [];
  private serial = 0;

  constructor(private readonly ctx: CorpusContext) {}

  /** A name no other case uses: a camera one case saves must not make the next one a 409. */
  uniqueName(): string {
    return `corpus camera ${++this.serial}`;
  }

  add(category: string, name: string, request: Omit<HttpCase, 'category' | 'name'>): HttpCase {
    const added = { category, name, ...request };
    this.cases.push(added);
    return added;
  }

  /** POST /cameras with a unique name unless the body has one. */
  post(category: string, name: string, body: Body, expect: Expectation, names?: string): void {
    const named = 'name' in body ? body : { name: this.uniqueName(), ...body };
    this.add(category, `POST /cameras: ${name}`, { method: 'POST', path: '/cameras', headers: JSON_TYPE, body: JSON.stringify(named), expect, names }); // prettier-ignore
  }

  /** PATCH of the target camera. */
  patch(category: string, name: string, body: Body, expect: Expectation, names?: string): HttpCase {
    return this.add(category, `PATCH /cameras/:id: ${name}`, { method: 'PATCH', path: `/cameras/${this.ctx.cameraId}`, headers: JSON_TYPE, body: JSON.stringify(body), expect, names }); // prettier-ignore
  }

  /** POST (saved unverified and disabled, so that only the field decides) and PATCH. */
  both(category: string, name: string, body: Body, expect: Expectation, names?: string): void {
    this.post(category, name, { url: VALID_URL, verify: false, enabled: false, ...body }, expect, names); // prettier-ignore
    this.patch(category, name, body, expect, names);
  }

  /** A request whose body is written as is (JSON that JSON.stringify cannot produce). */
  raw(
    category: string,
    name: string,
    method: 'POST' | 'PATCH',
    body: string,
    names?: string,
  ): void {
    const path = method === 'POST' ? '/cameras' : `/cameras/${this.ctx.cameraId}`;
    this.add(category, `${method} ${method === 'POST' ? '/cameras' : '/cameras/:id'}: ${name}`, { method, path, headers: JSON_TYPE, body, expect: 'refused', names }); // prettier-ignore
  }

  get(category: string, name: string, path: string, expect: Expectation, names?: string): void {
    this.add(category, `GET ${name}`, { method: 'GET', path, headers: {}, expect, names });
  }
}

/**
 * Every hostile source URL as either stream. Verified, a parsable URL gets the camera's error
 * (502); saved with `verify: false` or changed by PATCH (which never verifies) it is saved: 201
 * or 200, and the target camera then tries it in the background like any camera that is off.
 */
function urlCases(list: CaseList): void {
  for (const { name, url, expect } of sourceUrls()) {
    for (const field of ['url', 'substream_url'] as const) {
      // A camera without a substream: substream_url null or "".
      const noSubstream = field === 'substream_url' && (url === null || url === '');
      const parsable = (expect === 'camera' && !UNPARSABLE.has(name)) || noSubstream;
      const body = field === 'url' ? { url } : { url: VALID_URL, substream_url: url };
      const category = `camera ${field}`;
      // Verified, a parsable substream fails with the main stream's 502 like a parsable url.
      if (field === 'url' || !parsable) list.post(category, name, body, parsable ? 'camera' : 'refused', field); // prettier-ignore
      // Saved disabled: the target camera (enabled) opens each URL a PATCH saves.
      list.post(category, `${name}, verify false`, { ...body, verify: false, enabled: false }, parsable ? 'accepted' : 'refused', field); // prettier-ignore
      list.patch(category, name, { [field]: url }, parsable ? 'accepted' : 'refused', field);
    }
  }
  // `${VARIABLE}`s are read from the server's environment when the camera opens.
  const templates: Array<[string, string, Expectation]> = [
    ['a password variable', `rtsp://admin:\${CORPUS_CAMERA_PASSWORD}@${DEAD_CAMERA}/x`, 'accepted'],
    ['a variable as the host', 'rtsp://${CORPUS_CAMERA_HOST}:1/x', 'accepted'],
    ['an empty variable name', `rtsp://admin:\${}@${DEAD_CAMERA}/x`, 'accepted'],
    [
      'a variable naming a path (not a variable)',
      `rtsp://admin:\${../../etc/passwd}@${DEAD_CAMERA}/x`,
      'refused',
    ],
    ['a variable as the scheme', `\${SCHEME}://${DEAD_CAMERA}/x`, 'refused'],
    ['a file: URL behind a variable', 'file:///${HOME}/x', 'refused'],
  ];
  for (const [name, url, expect] of templates) {
    list.post('camera url', `${name}, verify false`, { url, verify: false }, expect, 'url');
    list.patch('camera url', name, { url }, expect, 'url');
  }
}

/** Control characters, blank, too long are refused; any script, markup or SQL is a name. */
function nameCases(list: CaseList): void {
  const refused = (name: string, value: unknown) => list.both('camera name', name, { name: value }, 'refused', 'name'); // prettier-ignore
  const accepted = (name: string, value: string) => list.both('camera name', name, { name: value }, 'accepted'); // prettier-ignore
  const controls = [
    ...Array.from({ length: 0x20 }, (_, code) => code),
    0x7f,
    ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
  ];
  for (const code of controls) {
    const hex = code.toString(16).padStart(4, '0');
    refused(`control character U+${hex}`, `Porch ${String.fromCharCode(code)} 1`);
  }
  refused('a forged log line', 'Porch\n2026-12-05T10:00:00.000Z - cameras - INFO - forged');
  refused('a terminal escape', 'Porch \u001b[2J\u001b[31mred');
  refused('empty', '');
  refused('only spaces', '    ');
  refused('only no-break and ideographic spaces', '\u00a0\u3000');
  refused('10 KB', 'n'.repeat(10_000));
  refused('81 characters', 'n'.repeat(81));
  for (const [name, value] of Object.entries({ number: 5, boolean: true, null: null, array: ['Porch'], object: { name: 'Porch' } })) refused(`a ${name}`, value); // prettier-ignore
  list.post('camera name', 'the name of another camera', { url: VALID_URL, verify: false, name: SECRET_CAMERA_NAME }, 'refused'); // prettier-ignore
  list.post('camera name', 'the name of another camera in capitals', { url: VALID_URL, verify: false, name: SECRET_CAMERA_NAME.toUpperCase() }, 'refused'); // prettier-ignore
  list.patch('camera name', 'the name of another camera', { name: SECRET_CAMERA_NAME }, 'refused');

  accepted('80 characters', 'n'.repeat(80));
  accepted('unicode (accents, CJK, emoji)', 'Caméra Nord 東京 📷');
  accepted('right-to-left script', 'كاميرا الحديقة');
  accepted('combining characters', 'Cafe\u0301 Z\u0335a\u0336l\u0337g\u0338o');
  accepted('HTML script', '<script>alert(1)</script>');
  accepted('HTML attribute breakout', '"><img src=x onerror=alert(1)>');
  accepted('SQL', "Robert'); DROP TABLE cameras;--");
  accepted('a path', '../../../etc/passwd');
  accepted('a URL template', '${HOME} rtsp://x');
  accepted('surrounding spaces (trimmed)', '   Porch   ');
  // Its own name again: the next pass saves cameras with the names above.
  list.patch('camera name', 'its own name again', { name: TARGET_CAMERA_NAME }, 'accepted').restores = true; // prettier-ignore
}

/** Every field with every JSON type it must not have, and the values just out of range. */
function fieldCases(list: CaseList): void {
  const wrong: Record<string, unknown> = {
    'a number': 1,
    'a string': 'x',
    'an empty string': '',
    'a numeric string': '2',
    'a boolean string': 'true',
    'a boolean': true,
    null: null,
    'an array': [],
    'an object': {},
  };
  // What each field accepts, so that only the wrong types are sent as refusals.
  const valid: Record<string, (value: unknown) => boolean> = {
    name: (v) => v === 'x' || v === '2' || v === 'true',
    url: () => false,
    substream_url: (v) => v === null || v === '',
    enabled: (v) => v === true,
    record: () => false,
    segment_s: () => false,
    mjpeg_storage: () => false,
    insecure_tls: (v) => v === true,
    motion: () => false,
    // Null: none (the target camera has no ONVIF details); any other value alone is refused.
    onvif_address: (v) => v === null,
    onvif_username: (v) => v === null,
    onvif_password: (v) => v === null,
  };
  for (const [field, isValid] of Object.entries(valid)) {
    for (const [kind, value] of Object.entries(wrong)) {
      if (!isValid(value)) list.both('camera fields', `${field} is ${kind}`, { [field]: value }, 'refused', field); // prettier-ignore
    }
  }
  for (const [kind, value] of Object.entries(wrong)) {
    if (value !== true) list.post('camera fields', `verify is ${kind}`, { url: VALID_URL, verify: value }, 'refused', 'verify'); // prettier-ignore
  }
  list.patch('camera fields', 'verify (POST only)', { verify: false }, 'refused', 'verify');

  for (const value of [0, 1, 1.5, 2.000001, 600.5, 601, -2, 1e9, 2 ** 53 + 2]) {
    list.both('camera fields', `segment_s ${value}`, { segment_s: value }, 'refused', 'segment_s');
  }
  list.raw('camera fields', 'segment_s 1e400 (Infinity)', 'POST', `{"name":"corpus inf","url":"${VALID_URL}","verify":false,"segment_s":1e400}`, 'segment_s'); // prettier-ignore
  list.raw('camera fields', 'segment_s -1e400', 'PATCH', '{"segment_s":-1e400}', 'segment_s');
  for (const value of [2, 600]) list.both('camera fields', `segment_s ${value}`, { segment_s: value }, 'accepted'); // prettier-ignore
  for (const value of ['CONTINUOUS', 'always', ' continuous', 'continuous\u0000', ['continuous']]) {
    list.both('camera fields', `record ${JSON.stringify(value)}`, { record: value }, 'refused', 'record'); // prettier-ignore
  }
  for (const value of ['H264', 'mjpeg', 'jpeg ', 'copy', ['jpeg']]) {
    list.both('camera fields', `mjpeg_storage ${JSON.stringify(value)}`, { mjpeg_storage: value }, 'refused', 'mjpeg_storage'); // prettier-ignore
  }

  const motion: Array<[string, unknown, string]> = [
    ['enabled missing', { sensitivity: 50 }, 'motion.enabled'],
    ['enabled "yes"', { enabled: 'yes' }, 'motion.enabled'],
    ['enabled null', { enabled: null }, 'motion.enabled'],
    ['sensitivity 0', { enabled: true, sensitivity: 0 }, 'motion.sensitivity'],
    ['sensitivity 101', { enabled: true, sensitivity: 101 }, 'motion.sensitivity'],
    ['sensitivity "50"', { enabled: true, sensitivity: '50' }, 'motion.sensitivity'],
    ['sensitivity null', { enabled: true, sensitivity: null }, 'motion.sensitivity'],
    ['min_area_pct 0', { enabled: true, min_area_pct: 0 }, 'motion.min_area_pct'],
    ['min_area_pct 51', { enabled: true, min_area_pct: 51 }, 'motion.min_area_pct'],
    ['min_area_pct null', { enabled: true, min_area_pct: null }, 'motion.min_area_pct'],
    ['pre_roll_s 31', { enabled: true, pre_roll_s: 31 }, 'motion.pre_roll_s'],
    ['pre_roll_s -1', { enabled: true, pre_roll_s: -1 }, 'motion.pre_roll_s'],
    ['pre_roll_s null', { enabled: true, pre_roll_s: null }, 'motion.pre_roll_s'],
    ['post_roll_s 121', { enabled: true, post_roll_s: 121 }, 'motion.post_roll_s'],
    ['post_roll_s null', { enabled: true, post_roll_s: null }, 'motion.post_roll_s'],
    ['record "yes"', { enabled: true, record: 'yes' }, 'motion.record'],
    ['record null', { enabled: true, record: null }, 'motion.record'],
    ['zones_excluded null', { enabled: true, zones_excluded: null }, 'motion.zones_excluded'],
    ['zones_excluded a string', { enabled: true, zones_excluded: 'all' }, 'motion.zones_excluded'],
    ['a zone of two points', { enabled: true, zones_excluded: [[[0, 0], [1, 1]]] }, 'motion.zones_excluded'], // prettier-ignore
    ['a point outside 0–1', { enabled: true, zones_excluded: [[[0, 0], [2, 0], [1, 1]]] }, 'motion.zones_excluded'], // prettier-ignore
    ['a point of three numbers', { enabled: true, zones_excluded: [[[0, 0, 0], [1, 0], [1, 1]]] }, 'motion.zones_excluded'], // prettier-ignore
    ['17 zones', { enabled: true, zones_excluded: Array(17).fill([[0, 0], [1, 0], [1, 1]]) }, 'motion.zones_excluded'], // prettier-ignore
    ['a zone of 65 points', { enabled: true, zones_excluded: [Array(65).fill([0.5, 0.5])] }, 'motion.zones_excluded'], // prettier-ignore
    ['2,000 zones (50 KB)', { enabled: true, zones_excluded: Array(2000).fill([[0, 0], [1, 0], [1, 1]]) }, 'motion.zones_excluded'], // prettier-ignore
    ['zones nested 30 deep', { enabled: true, zones_excluded: JSON.parse('['.repeat(30) + ']'.repeat(30)) }, 'motion.zones_excluded'], // prettier-ignore
    ['an unknown key', { enabled: true, threshold: 1 }, 'threshold'],
    ['an array', [], 'motion'],
    ['a string', 'on', 'motion'],
  ];
  for (const [name, value, names] of motion) {
    list.both('camera motion', name, { motion: value }, 'refused', names);
  }
}

/**
 * A camera's ONVIF details (kept for PTZ): addresses the server never asks, user names and
 * passwords the ONVIF client would garble, and details without their address or user.
 */
function onvifCases(list: CaseList): void {
  const login = { onvif_username: 'admin', onvif_password: 'pw' };
  const addresses: Array<[string, unknown]> = [
    ['a file: URL', 'file:///etc/passwd'],
    ['a gopher: URL', 'gopher://127.0.0.1:70/x'],
    ['credentials in the URL', 'http://admin:pw@10.0.0.5/onvif/device_service'],
    ['the cloud metadata address', '169.254.169.254'],
    ['the cloud metadata URL', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 link-local', '[fe80::1]:80'],
    ['an IPv4-mapped link-local address', '[::ffff:169.254.169.254]'],
    ['multicast', '239.255.255.250'],
    ['unspecified', '0.0.0.0'],
    ['a port out of range', '10.0.0.5:70000'],
    ['a newline', '10.0.0.5\r\nHost: evil'],
    ['a space', '10.0.0.5 8080'],
    ['513 characters', `10.0.0.5/${'a'.repeat(504)}`],
    ['10 KB', 'a'.repeat(10_000)],
  ];
  for (const [name, value] of addresses) {
    list.both('camera onvif', `onvif_address ${name}`, { onvif_address: value, ...login }, 'refused', 'onvif_address'); // prettier-ignore
  }
  const users: Array<[string, unknown]> = [
    ['markup', '<admin>'],
    ['an ampersand', 'a&b'],
    ['a quote', 'a"b'],
    ['a NUL', 'a\u0000b'],
    ['a newline', 'admin\nforged'],
    ['65 characters', 'u'.repeat(65)],
    ['empty', ''],
  ];
  for (const [name, value] of users) {
    list.both('camera onvif', `onvif_username ${name}`, { onvif_address: '10.0.0.5', onvif_username: value }, 'refused', 'onvif_username'); // prettier-ignore
  }
  const passwords: Array<[string, unknown]> = [
    ['non-ASCII', 'pässword'],
    ['a NUL', 'pw\u0000'],
    ['a newline', 'pw\n'],
    ['129 characters', 'p'.repeat(129)],
  ];
  for (const [name, value] of passwords) {
    list.both('camera onvif', `onvif_password ${name}`, { onvif_address: '10.0.0.5', onvif_username: 'admin', onvif_password: value }, 'refused', 'onvif_password'); // prettier-ignore
  }
  list.both('camera onvif', 'a user without an address', { onvif_username: 'admin' }, 'refused', 'onvif_address'); // prettier-ignore
  list.both('camera onvif', 'an address without a user', { onvif_address: '10.0.0.5' }, 'refused', 'onvif_username'); // prettier-ignore
  // Saved only on new cameras: the target camera stays without ONVIF details (its PTZ: 409).
  list.post('camera onvif', 'an address, a user and a password', { url: VALID_URL, verify: false, enabled: false, onvif_address: 'http://10.0.0.5:8080/onvif/device_service', ...login }, 'accepted'); // prettier-ignore
  list.post('camera onvif', 'a user with markup-like but allowed characters', { url: VALID_URL, verify: false, enabled: false, onvif_address: '10.0.0.5', onvif_username: 'dom\\admin ü', onvif_password: '' }, 'accepted'); // prettier-ignore
}

/**
 * PTZ of the target camera (no ONVIF details: every valid request is a 409), with every field
 * wrong: nothing reaches a device.
 */
function ptzCases(ctx: CorpusContext, list: CaseList): void {
  const route = (name: string) => `/cameras/${ctx.cameraId}/ptz${name}`;
  const post = (name: string, what: string, body: string, names?: string) =>
    list.add('camera ptz', `POST /cameras/:id/ptz${name}: ${what}`, { method: 'POST', path: route(name), headers: JSON_TYPE, body, expect: 'refused', names }); // prettier-ignore
  for (const field of ['pan', 'tilt', 'zoom']) {
    for (const value of [
      '1.01',
      '-1.01',
      '2',
      '1e9',
      '"0.5"',
      'null',
      'true',
      '[]',
      '{}',
      '"NaN"',
      '1e400',
      '-1e400',
    ]) {
      post('/move', `${field} ${value}`, `{"${field}":${value}}`, field);
    }
  }
  for (const value of ['99', '10001', '1.5', '-1', '0', '"1000"', 'null', '1e400', '[1000]']) {
    post('/move', `timeout_ms ${value}`, `{"pan":0.5,"timeout_ms":${value}}`, 'timeout_ms');
  }
  post('/move', 'an unknown field', '{"pan":0.5,"speed":1}', 'speed');
  post('/move', 'a 60 KB unknown field name', `{"${'k'.repeat(60_000)}":1}`);
  post('/move', '__proto__', '{"__proto__":{"pan":5}}');
  post('/move', 'a velocity (no ONVIF details: 409)', '{"pan":1,"timeout_ms":10000}');
  post('/move', 'no velocity (no ONVIF details: 409)', '{}');
  const tokens: Array<[string, string]> = [
    ['empty', '""'], ['65 characters', `"${'t'.repeat(65)}"`], ['a NUL', '"a\\u0000"'],
    ['a newline', '"a\\nb"'], ['a number', '5'], ['null', 'null'], ['an array', '["a"]'],
    ['10 KB', `"${'t'.repeat(10_000)}"`],
  ]; // prettier-ignore
  for (const [name, value] of tokens)
    post('/preset', `token ${name}`, `{"token":${value}}`, 'token');
  post('/preset', 'no token', '{}', 'token');
  post('/preset', 'XML in the token (no ONVIF details: 409)', '{"token":"</PresetToken><Stop/>"}');
  post('/stop', 'an unknown field', '{"now":true}', 'now');
  post('/stop', '{} (no ONVIF details: 409)', '{}');
  list.add('camera ptz', 'POST /cameras/:id/ptz/stop without a JSON body', { method: 'POST', path: route('/stop'), headers: {}, expect: 'refused' }); // prettier-ignore
  list.add('camera ptz', 'POST /cameras/:id/ptz/stop with a form body', { method: 'POST', path: route('/stop'), headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1', expect: 'refused' }); // prettier-ignore
  list.add('camera ptz', 'POST /cameras/:id/ptz/unknown', { method: 'POST', path: route('/unknown'), headers: JSON_TYPE, body: '{}', expect: 'refused' }); // prettier-ignore
  list.get('camera ptz', '/cameras/:id/ptz with a parameter', `${route('')}?profile=x`, 'accepted');
}

/** forbidNonWhitelisted: a field the API does not take is refused, naming it. */
function unknownFieldCases(list: CaseList): void {
  for (const key of [
    'evil',
    'id',
    'camera_id',
    'created_at',
    'status',
    'source_type',
    'ffmpeg_args',
    'Name',
    'url ',
    'session_id',
  ]) {
    // prettier-ignore
    list.both('camera unknown fields', `unknown field ${JSON.stringify(key)}`, { [key]: 'x' }, 'refused', key.trim()); // prettier-ignore
  }
  // Messages echo the name: 60 KB of it once took the credential masker 4 s (quadratic).
  list.raw('camera unknown fields', 'a 60 KB unknown field name', 'POST', `{"name":"corpus long key","url":"${VALID_URL}","verify":false,"${'k'.repeat(60_000)}":1}`); // prettier-ignore
  list.raw('camera unknown fields', 'a 60 KB unknown field name', 'PATCH', `{"${'k'.repeat(60_000)}":1}`); // prettier-ignore
  list.raw('camera unknown fields', 'an empty key', 'POST', `{"name":"corpus empty key","url":"${VALID_URL}","verify":false,"":1}`); // prettier-ignore
  list.raw('camera unknown fields', '__proto__', 'POST', `{"name":"corpus proto","url":"${VALID_URL}","verify":false,"__proto__":{"enabled":false}}`); // prettier-ignore
  list.raw(
    'camera unknown fields',
    '__proto__',
    'PATCH',
    '{"__proto__":{"url":"file:/etc/passwd"}}',
  );
  list.raw('camera unknown fields', 'constructor.prototype', 'PATCH', '{"constructor":{"prototype":{"url":"file:/etc/passwd"}}}'); // prettier-ignore
  list.raw('camera unknown fields', 'a duplicated key (the last would win)', 'PATCH', '{"url":"rtsp://127.0.0.1:1/x","url":"file:/etc/passwd"}', 'url'); // prettier-ignore
}

const UNKNOWN_ID = 'a percent-encoded unknown id';

/** Ids as a script or an attacker might write them: none may reach another camera or a file. */
export function badIds(ctx: CorpusContext): Array<[string, string]> {
  const encode = (text: string) => [...Buffer.from(text)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''); // prettier-ignore
  const ids: Array<[string, string]> = [];
  for (const target of ['../canary.txt', '../../../../../../../../etc/passwd', '..']) {
    ids.push(
      [`${target} (%2f)`, target.replace(/\//g, '%2f')],
      [`${target} (%2e%2e%2f)`, target.replace(/\./g, '%2e').replace(/\//g, '%2f')],
      [`${target} (double %252f)`, target.replace(/\//g, '%252f')],
      [`${target} (backslash)`, target.replace(/\//g, '%5c')],
      [`${target} (overlong utf-8)`, target.replace(/\./g, '%c0%ae').replace(/\//g, '%c0%af')],
    );
  }
  ids.push(
    ['the camera id in capitals', ctx.cameraId.toUpperCase()],
    ['11 characters', ctx.cameraId.slice(0, 11)],
    ['13 characters', `${ctx.cameraId}a`],
    ['100 characters', 'a'.repeat(100)],
    ['10,000 characters', 'a'.repeat(10_000)],
    ['digits outside base32 (0, 1, 8, 9)', 'aaaaaaaa0189'],
    ['fullwidth letters', encode('ａａａａａａａａａａａａ')],
    ['Cyrillic look-alikes', encode('аааааааааааа')],
    ['accented letters', encode('ééééééééééé')],
    [UNKNOWN_ID, encode('aaaaaaaaaaaa')],
    ['the camera id and a NUL', `${ctx.cameraId}%00`],
    ['the camera id and a space', `${ctx.cameraId}%20`],
    ['the camera id and an encoded slash', `${ctx.cameraId}%2f..`],
    ['the camera id with .json', `${ctx.cameraId}.json`],
    ['the camera id with a matrix parameter', `${ctx.cameraId};x=1`],
    ['a space and the camera id', `%20${ctx.cameraId}`],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['a NUL', '%00'],
    ['null', 'null'],
    ['-1', '-1'],
    ['*', '*'],
  );
  return ids;
}

function idCases(ctx: CorpusContext, list: CaseList): void {
  const routes: Array<[HttpCase['method'], (id: string) => string, Body | undefined]> = [
    ['GET', (id) => `/cameras/${id}`, undefined],
    ['PATCH', (id) => `/cameras/${id}`, { name: 'corpus renamed' }],
    ['DELETE', (id) => `/cameras/${id}`, undefined],
    ['GET', (id) => `/cameras/${id}/segments`, undefined],
    ['GET', (id) => `/cameras/${id}/offline`, undefined],
    ['GET', (id) => `/cameras/${id}/ptz`, undefined],
    ['POST', (id) => `/cameras/${id}/ptz/move`, { pan: 0.5 }],
    ['POST', (id) => `/cameras/${id}/ptz/stop`, {}],
    ['POST', (id) => `/cameras/${id}/ptz/preset`, { token: 'Preset_1' }],
  ];
  for (const [name, id] of badIds(ctx)) {
    // Invalid UTF-8 fails as a path before the id is read: the 400 names the path.
    const names = name.includes('overlong') ? undefined : 'id';
    for (const [method, path, body] of routes) {
      // The segments of a camera the index does not know are listed (none): footage outlives
      // its camera (see CamerasService.segments).
      const expect = name === UNKNOWN_ID && path(id).endsWith('/segments') ? 'accepted' : 'refused';
      list.add('camera id', `${method} ${path(':id')} with ${name}`, { method, path: path(id), headers: body ? JSON_TYPE : {}, body: body && JSON.stringify(body), expect, names }); // prettier-ignore
    }
  }
  // The target camera's id with garbage where delete_recordings goes: nothing may be deleted.
  const garbage = ['yes', '1', '0', 'TRUE', 'True', '', 'null', 'true%00', 'true%20', '%20true', 'x'.repeat(10_000), 'true&delete_recordings=true']; // prettier-ignore
  for (const value of garbage) {
    list.add('camera delete', `DELETE /cameras/:id?delete_recordings=${value.slice(0, 40)}`, { method: 'DELETE', path: `/cameras/${ctx.cameraId}?delete_recordings=${value}`, headers: {}, expect: 'refused', names: 'delete_recordings' }); // prettier-ignore
  }
  for (const query of [
    'delete_recordings[]=true',
    'delete_recordings[a]=true',
    'delete=true',
    'recursive=true',
  ]) {
    list.add('camera delete', `DELETE /cameras/:id?${query}`, { method: 'DELETE', path: `/cameras/${ctx.cameraId}?${query}`, headers: {}, expect: 'refused', names: query.split(/[[=]/)[0] }); // prettier-ignore
  }
  list.add('camera delete', 'DELETE /cameras/:id with a malformed JSON body', { method: 'DELETE', path: `/cameras/${ctx.cameraId}`, headers: JSON_TYPE, body: '{"delete_recordings":', expect: 'refused' }); // prettier-ignore
}

const AT = '2026-12-05T10:00:00Z';

/**
 * `start`/`end` query strings as a script or an attacker might write them: [name, query, what
 * a listing route must answer, what its 400 must name]. The timeline corpus sends them too.
 */
export const RANGE_QUERIES: ReadonlyArray<[string, string, Expectation, string?]> = [
  ['reversed', `start=${AT}&end=2026-12-05T09:00:00Z`, 'refused', 'end'],
  ['empty', `start=${AT}&end=${AT}`, 'refused', 'end'],
  ['empty in ms', 'start=1764928800000&end=1764928800000', 'refused', 'end'],
  ['200 years, ISO', 'start=2000-01-01T00:00:00Z&end=2199-12-31T23:59:59Z', 'accepted'],
  ['200 years, ms', 'start=946684800000&end=7258118399999', 'accepted'],
  ['no start or end (the defaults)', '', 'accepted'],
  ['start "abc"', 'start=abc', 'refused', 'start'],
  ['start NaN', 'start=NaN', 'refused', 'start'],
  ['start Infinity', 'start=Infinity', 'refused', 'start'],
  ['start -1', 'start=-1', 'refused', 'start'],
  ['start 1e12', 'start=1e12', 'refused', 'start'],
  ['start 0x10', 'start=0x10', 'refused', 'start'],
  ['start 12.5', 'start=1764928800000.5', 'refused', 'start'],
  ['start in Arabic-Indic digits', 'start=%D9%A1%D9%A7%D9%A6', 'refused', 'start'],
  ['start empty', 'start=', 'refused', 'start'],
  ['start a space', 'start=%20', 'refused', 'start'],
  ['end "abc"', 'end=abc', 'refused', 'end'],
  ['start 10 KB of digits', `start=${'1'.repeat(10_000)}`, 'refused', 'start'],
  ['start 10 KB of text', `start=${'a'.repeat(10_000)}`, 'refused', 'start'],
  ['end far in the future (ms)', 'end=7258118400001', 'refused', 'end'],
  ['end in the year 9999', 'end=9999-12-31T23:59:59Z', 'refused', 'end'],
  ['end 16 digits', 'end=9999999999999999', 'refused', 'end'],
  ['end 20 digits', 'end=99999999999999999999', 'refused', 'end'],
  ['start 0', 'start=0', 'refused', 'start'],
  ['start 1 ms', 'start=1', 'refused', 'start'],
  ['start 1999-12-31', 'start=1999-12-31T23:59:59Z', 'refused', 'start'],
  ['start 1970', 'start=1970-01-01T00:00:00Z', 'refused', 'start'],
  ['start year 0', 'start=0000-01-01T00:00:00Z', 'refused', 'start'],
  ['start extended year', 'start=-271821-04-20T00:00:00Z', 'refused', 'start'],
  ['ISO without a zone', 'start=2026-12-05T10:00:00', 'refused', 'start'],
  ['a date alone', 'start=2026-12-05', 'refused', 'start'],
  ['a space for the T', 'start=2026-12-05%2010:00:00Z', 'refused', 'start'],
  ['a zone +25:00', 'start=2026-12-05T10:00:00%2B25:00', 'refused', 'start'],
  ['30 February', 'start=2026-02-30T10:00:00Z', 'refused', 'start'],
  ['31 April', 'start=2026-04-31T10:00:00Z', 'refused', 'start'],
  ['month 13', 'start=2026-13-01T10:00:00Z', 'refused', 'start'],
  ['hour 25', 'start=2026-12-05T25:00:00Z', 'refused', 'start'],
  ['minute 61', 'start=2026-12-05T10:61:00Z', 'refused', 'start'],
  ['start twice', `start=${AT}&start=2026-12-05T11:00:00Z`, 'refused', 'start'],
  ['start as an object', 'start[a]=1', 'refused', 'start'],
  ['an unknown parameter', 'foo=1', 'refused', 'foo'],
];

/** Ranges and limits of the segment and offline lists. */
function rangeCases(ctx: CorpusContext, list: CaseList): void {
  for (const route of ['segments', 'offline']) {
    for (const [name, query, expect, names] of RANGE_QUERIES) {
      list.get(`camera ${route} range`, `/cameras/:id/${route}: ${name}`, `/cameras/${ctx.cameraId}/${route}?${query}`, expect, names); // prettier-ignore
    }
  }
  const limits: Array<[string, Expectation]> = [
    ['0', 'refused'], ['-1', 'refused'], ['5001', 'refused'], ['1.5', 'refused'], ['abc', 'refused'],
    ['', 'refused'], ['NaN', 'refused'], ['Infinity', 'refused'], ['1e309', 'refused'],
    ['99999999999999999999', 'refused'], ['1&limit=2', 'refused'], ['1', 'accepted'], ['5000', 'accepted'],
  ]; // prettier-ignore
  for (const [value, expect] of limits) {
    list.get('camera segments range', `/cameras/:id/segments: limit=${value}`, `/cameras/${ctx.cameraId}/segments?limit=${value}`, expect, 'limit'); // prettier-ignore
  }
  list.get('camera segments range', '/cameras/:id/segments: limit as an array', `/cameras/${ctx.cameraId}/segments?limit[]=1`, 'refused', 'limit'); // prettier-ignore
  // The offline list has no limit: a limit is an unknown parameter there.
  list.get('camera offline range', '/cameras/:id/offline: a limit', `/cameras/${ctx.cameraId}/offline?limit=10`, 'refused', 'limit'); // prettier-ignore
}

/** Reads that show what a saved camera's password could leak into. */
function readCases(ctx: CorpusContext, list: CaseList): void {
  for (const path of [
    '/cameras',
    `/cameras/${ctx.secretCameraId}`,
    `/cameras/${ctx.secretCameraId}/offline`,
    `/cameras/${ctx.secretCameraId}/segments`,
    `/cameras/${ctx.cameraId}`,
    `/cameras/${ctx.cameraId}/offline`,
    `/cameras/${ctx.cameraId}/ptz`,
    `/events?camera_id=${ctx.secretCameraId}`,
    '/session/list',
    '/health',
  ]) {
    list.get('camera reads', path, path, 'accepted');
  }
  // Its ONVIF device (with the marked password) cannot be reached: 502, the password not in it.
  list.get('camera reads', '/cameras/:secret/ptz', `/cameras/${ctx.secretCameraId}/ptz`, 'camera');
  list.add('camera reads', 'POST /cameras/:secret/ptz/move', { method: 'POST', path: `/cameras/${ctx.secretCameraId}/ptz/move`, headers: JSON_TYPE, body: '{"pan":0.5}', expect: 'camera' }); // prettier-ignore
}

export function cameraCases(ctx: CorpusContext): HttpCase[] {
  const list = new CaseList(ctx);
  urlCases(list);
  nameCases(list);
  fieldCases(list);
  unknownFieldCases(list);
  onvifCases(list);
  ptzCases(ctx, list);
  idCases(ctx, list);
  rangeCases(ctx, list);
  readCases(ctx, list);
  return list.cases;
}
