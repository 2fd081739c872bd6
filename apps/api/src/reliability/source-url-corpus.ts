/** Source URLs a careless script or a hostile page could send, with what each must get. */

import { DEAD_CAMERA, type Expectation, SECRET_MARK } from './corpus-common';

export interface SourceUrlCase {
  name: string;
  url: unknown;
  /** What /session/open must answer (a saved camera's URL is checked the same way). */
  expect: Expectation;
}

/** ffmpeg's protocols and wrappers; none of them may ever reach ffmpeg from a source URL. */
const FFMPEG_PROTOCOLS = [
  'file', 'concat', 'concatf', 'subfile', 'pipe', 'data', 'tcp', 'udp', 'unix', 'fd', 'crypto',
  'cache', 'async', 'gopher', 'gophers', 'ftp', 'sftp', 'hls', 'httpproxy', 'icecast', 'md5',
  'mmsh', 'mmst', 'prompeg', 'rtmp', 'rtmpe', 'rtmps', 'rtmpt', 'rtmpte', 'rtmpts', 'rtp', 'sctp',
  'srt', 'srtp', 'tee', 'tls', 'zmq', 'ipfs', 'ipns', 'libssh', 'smb', 'bluray', 'dtls', 'rist',
  'librist', 'android_content', 'ffrtmphttp', 'ffrtmpcrypt', 'mms', 'lavfi', 'amqp',
]; // prettier-ignore

export function sourceUrls(): SourceUrlCase[] {
  const cases: SourceUrlCase[] = [];
  const refused = (name: string, url: unknown) => cases.push({ name, url, expect: 'refused' });
  const camera = (name: string, url: unknown) => cases.push({ name, url, expect: 'camera' });

  for (const protocol of FFMPEG_PROTOCOLS) {
    refused(`protocol ${protocol}: local path`, `${protocol}:/etc/passwd`);
    refused(`protocol ${protocol}: network form`, `${protocol}://${DEAD_CAMERA}/x`);
  }
  const wrappers = [
    `concat:rtsp://${DEAD_CAMERA}/a|file:///etc/passwd`,
    'subfile,,start,0,end,100,,:/etc/passwd',
    'crypto+file:///etc/passwd',
    'hls+file:///etc/passwd',
    'cache:file:///etc/passwd',
    'async:file:/etc/passwd',
    'tee:file:///tmp/camrec-tee',
    `rtsp://${DEAD_CAMERA}/x|file:/etc/passwd`,
    'FILE:///etc/passwd',
    'File:/etc/passwd',
    ' file:///etc/passwd',
    'file%3A///etc/passwd',
    '/etc/passwd',
    '../../../../etc/passwd',
    'C:\\Windows\\win.ini',
    '\\\\server\\share\\x',
    `//${DEAD_CAMERA}/x`,
    `rtsp:${DEAD_CAMERA}/x`,
    'rtsp://',
    'http://',
    'rtsp:///x',
    'javascript:alert(1)',
  ];
  wrappers.forEach((url, i) => refused(`wrapper/odd form ${i + 1}`, url));

  for (const scheme of ['RTSP', 'RtSp', 'HTTP', 'HtTpS', 'RTSPS']) {
    camera(`odd-case scheme ${scheme}`, `${scheme}://${DEAD_CAMERA}/x`);
  }
  for (let code = 0; code <= 0x20; code++) {
    refused(`control character U+${code.toString(16).padStart(4, '0')}`, `rtsp://${DEAD_CAMERA}/a${String.fromCharCode(code)}b`);
  } // prettier-ignore
  refused('control character U+007F', `rtsp://${DEAD_CAMERA}/a\u007fb`);
  refused('header smuggling CRLF', `http://${DEAD_CAMERA}/x\r\nX-Evil: 1`);
  camera(
    'unicode line separator (percent-encoded by the URL parser)',
    `rtsp://${DEAD_CAMERA}/a\u2028b`,
  );

  refused('100 KB path', `rtsp://${DEAD_CAMERA}/${'a'.repeat(100_000)}`);
  refused('100 KB user info', `rtsp://${'u'.repeat(100_000)}:p@${DEAD_CAMERA}/x`);
  refused('3 KB path', `rtsp://${DEAD_CAMERA}/${'a'.repeat(3_000)}`);
  refused('100 KB of percent escapes', `rtsp://${DEAD_CAMERA}/${'%41'.repeat(33_000)}`);

  camera('IPv6 loopback', 'rtsp://[::1]:1/x');
  camera('IPv6 unspecified', 'rtsp://[::]:1/x');
  camera('IPv4-mapped IPv6', 'http://[::ffff:127.0.0.1]:1/x');
  camera('IPv6 with zone id', 'rtsp://[fe80::1%25lo]:1/x');
  refused('IPv6 unterminated', 'rtsp://[::1/x');
  refused('IPv6 not hex', 'rtsp://[zzzz::1]/x');
  refused('IPv6 bad port', 'rtsp://[::1]:99999/x');

  refused('smuggled -i', `rtsp://${DEAD_CAMERA}/x -i /etc/passwd`);
  refused('option as URL', '-i file:/etc/passwd');
  refused('lavfi option', '-f lavfi -i testsrc');
  refused('help option', '--help');
  refused('version option', '-version');
  camera('dash in query', `rtsp://${DEAD_CAMERA}/x?-y=1`);
  camera('option-like path', `rtsp://${DEAD_CAMERA}/-i`);

  // Credentials in every shape a camera takes them: all must be masked wherever they show.
  const passwords = [
    `${SECRET_MARK}'quote`,
    `${SECRET_MARK}%2Fslash`,
    `${SECRET_MARK}%23hash`,
    `${SECRET_MARK}%3Fquestion`,
    `${SECRET_MARK}%40at`,
    `${SECRET_MARK}%3Acolon`,
    `${SECRET_MARK}%25percent`,
    `${SECRET_MARK}"dq`,
    `${SECRET_MARK}%20space`,
  ];
  for (const [i, password] of passwords.entries()) {
    camera(`password shape ${i + 1} (rtsp)`, `rtsp://admin:${password}@${DEAD_CAMERA}/x`);
    camera(`password shape ${i + 1} (http)`, `http://admin:${password}@${DEAD_CAMERA}/x`);
  }
  refused(
    'malformed percent escape in password',
    `rtsp://admin:${SECRET_MARK}%zz@${DEAD_CAMERA}/x`,
  );
  refused('truncated percent escape in password', `rtsp://admin:${SECRET_MARK}%2@${DEAD_CAMERA}/x`);
  refused('malformed percent escape in user', `rtsp://ad%zzmin:${SECRET_MARK}@${DEAD_CAMERA}/x`);
  const queryKeys = [
    'password', 'pass', 'pwd', 'passwd', 'psw', 'loginpas', 'passcode', 'token', 'auth',
    'key', 'apikey', 'api_key', 'access_token', 'secret', 'PASSWORD', 'Pwd',
  ]; // prettier-ignore
  for (const key of queryKeys) {
    camera(`credential query key ${key}`, `http://${DEAD_CAMERA}/cgi?user=admin&${key}=${SECRET_MARK}q`);
  } // prettier-ignore

  for (const [name, url] of Object.entries({
    number: 123,
    boolean: true,
    null: null,
    array: [`rtsp://${DEAD_CAMERA}/x`],
    object: { href: `rtsp://${DEAD_CAMERA}/x` },
    'empty string': '',
    'only spaces': '   ',
  })) {
    refused(`url is ${name}`, url);
  }
  return cases;
}
