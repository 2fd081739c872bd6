import { digestResponse, HttpAuthenticator, parseAuthParams } from './http-auth';

describe('digestResponse', () => {
  it('matches the RFC 2617 example (MD5, qop=auth)', () => {
    const response = digestResponse({
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });
});

describe('parseAuthParams', () => {
  it('reads quoted and bare values', () => {
    expect(parseAuthParams('username="a, b", qop=auth, nc=00000001, uri="/x?y=\\"z\\""')).toEqual({
      username: 'a, b',
      qop: 'auth',
      nc: '00000001',
      uri: '/x?y="z"',
    });
  });
});

describe('HttpAuthenticator', () => {
  it('checks Basic credentials', () => {
    const auth = new HttpAuthenticator({ type: 'basic', user: 'admin', password: 'pw' });
    expect(auth.challenge()).toMatch(/^Basic realm="camera-sim"/);
    const header = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
    expect(auth.verify('GET', '/mjpeg', header('admin:pw'))).toBe(true);
    expect(auth.verify('GET', '/mjpeg', header('admin:wrong'))).toBe(false);
    expect(auth.verify('GET', '/mjpeg', undefined)).toBe(false);
    expect(auth.verify('GET', '/mjpeg', 'Basic')).toBe(false);
  });

  it('checks Digest answers to its own nonces only', () => {
    const auth = new HttpAuthenticator({ type: 'digest', user: 'admin', password: 'pw' });
    const challenge = parseAuthParams(auth.challenge().replace(/^Digest /, ''));
    expect(challenge).toMatchObject({ realm: 'camera-sim', qop: 'auth', algorithm: 'MD5' });
    const answer = (nonce: string, password: string, uri = '/mjpeg') => {
      const fields = {
        username: 'admin',
        realm: 'camera-sim',
        uri,
        nonce,
        qop: 'auth',
        nc: '00000001',
        cnonce: 'c1',
      };
      const response = digestResponse({ ...fields, password, method: 'GET' });
      return `Digest username="admin", realm="camera-sim", nonce="${nonce}", uri="${uri}", qop=auth, nc=00000001, cnonce="c1", response="${response}"`;
    };
    expect(auth.verify('GET', '/mjpeg', answer(challenge['nonce'], 'pw'))).toBe(true);
    expect(auth.verify('GET', '/mjpeg', answer(challenge['nonce'], 'wrong'))).toBe(false);
    expect(auth.verify('GET', '/mjpeg', answer(challenge['nonce'], 'pw', '/other'))).toBe(false);
    expect(auth.verify('GET', '/mjpeg', answer('0'.repeat(48), 'pw'))).toBe(false);
  });
});
