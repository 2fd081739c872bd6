import {
  basicAuthorization,
  digestAuthorization,
  parseAuthenticateHeaders,
} from './http-digest-auth';

describe('HTTP authentication', () => {
  it('parses several challenges, quoted values with commas and escapes', () => {
    const challenges = parseAuthenticateHeaders([
      'Digest realm="cam, lobby", qop="auth,auth-int", nonce="abc\\"d", opaque=xyz, Basic realm="cam"',
      'Bearer',
    ]);
    expect(challenges).toEqual([
      {
        scheme: 'digest',
        params: { realm: 'cam, lobby', qop: 'auth,auth-int', nonce: 'abc"d', opaque: 'xyz' },
      },
      { scheme: 'basic', params: { realm: 'cam' } },
      { scheme: 'bearer', params: {} },
    ]);
  });

  it('computes the RFC 2617 §3.5 example response (MD5, qop=auth)', () => {
    const [challenge] = parseAuthenticateHeaders([
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    ]);
    const header = digestAuthorization({
      user: 'Mufasa',
      password: 'Circle Of Life',
      method: 'GET',
      uri: '/dir/index.html',
      challenge,
      cnonce: '0a4f113b',
      nonceCount: 1,
    });
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('qop=auth, nc=00000001, cnonce="0a4f113b"');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  it('computes the legacy response when the camera offers no qop (RFC 2069)', () => {
    const [challenge] = parseAuthenticateHeaders(['Digest realm="r", nonce="n"']);
    const header = digestAuthorization({
      user: 'u',
      password: 'p',
      method: 'GET',
      uri: '/',
      challenge,
    });
    // MD5(MD5("u:r:p"):n:MD5("GET:/"))
    expect(header).toContain('response="f23121ca97143c6b358da620220c83b4"');
    expect(header).not.toContain('qop=');
  });

  it('builds Basic credentials as UTF-8', () => {
    expect(basicAuthorization('admin', 'pä:ss')).toBe(
      `Basic ${Buffer.from('admin:pä:ss').toString('base64')}`,
    );
  });
});
