import { ResponseTooLargeError } from './bounded-agent';
import { AUTH_REFUSED, failureResponse, isAuthFailure, type CallFailure } from './device-failure';

const failure = (fields: Partial<CallFailure>): CallFailure => ({
  operation: 'GetProfiles',
  error: new Error('x'),
  httpStatus: null,
  body: null,
  ...fields,
});
const answer = (fields: Partial<CallFailure>) => {
  const response = failureResponse(failure(fields), 'the device at 10.0.0.2:80', (text) =>
    text.replace('hunter2', '***'),
  );
  return [response.getStatus(), response.message];
};
const NOT_AUTHORIZED =
  '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:ter="http://www.onvif.org/ver10/error"><env:Body><env:Fault><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>ter:NotAuthorized</env:Value></env:Subcode></env:Code><env:Reason><env:Text xml:lang="en">Sender not Authorized</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>';

describe('device failures in words', () => {
  it('recognises refused credentials however the device says it', () => {
    expect(isAuthFailure(failure({ httpStatus: 401 }))).toBe(true);
    expect(isAuthFailure(failure({ error: new Error('Digest authentication failed 401') }))).toBe(
      true,
    );
    expect(
      isAuthFailure(
        failure({
          httpStatus: 400,
          body: NOT_AUTHORIZED.replace('Sender not Authorized', 'Access denied'),
        }),
      ),
    ).toBe(true);
    expect(
      isAuthFailure(failure({ error: new Error('ONVIF SOAP Fault: Sender not Authorized') })),
    ).toBe(true);
    expect(
      isAuthFailure(
        failure({ httpStatus: 500, body: '<Fault><Value>ter:ActionNotSupported</Value></Fault>' }),
      ),
    ).toBe(false);
    expect(answer({ httpStatus: 400, body: NOT_AUTHORIZED })).toEqual([
      502,
      `${AUTH_REFUSED} (the device at 10.0.0.2:80, GetProfiles)`,
    ]);
  });

  it('tells unreachable, slow, oversized and not-ONVIF devices apart', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(answer({ error: refused })).toEqual([
      502,
      'the device at 10.0.0.2:80 could not be reached: connection refused (ECONNREFUSED)',
    ]);
    expect(answer({ error: new Error('Network timeout') })).toEqual([
      504,
      'the device at 10.0.0.2:80 did not answer in time (GetProfiles)',
    ]);
    expect(answer({ error: new ResponseTooLargeError(1024 * 1024) })).toEqual([
      502,
      expect.stringMatching(/larger than 1024 KiB/),
    ]);
    expect(
      answer({
        error: new Error('Wrong ONVIF SOAP response'),
        httpStatus: 404,
        body: '<html>Not Found</html>',
      }),
    ).toEqual([
      502,
      'the device at 10.0.0.2:80 is not an ONVIF device: GetProfiles was answered with HTTP 404, Wrong ONVIF SOAP response',
    ]);
    const tls = Object.assign(new Error('self-signed certificate'), {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(answer({ error: tls })).toEqual([
      502,
      expect.stringMatching(/certificate is not trusted .* set insecure_tls/),
    ]);
  });

  it('names a device fault with its reason, bounded, and hides the password', () => {
    const body = NOT_AUTHORIZED.replace('ter:NotAuthorized', 'ter:InvalidArgVal').replace(
      'Sender not Authorized',
      `bad token hunter2 ${'y'.repeat(400)}`,
    );
    const [status, message] = answer({
      httpStatus: 400,
      body,
      error: new Error('ONVIF SOAP Fault'),
    });
    expect(status).toBe(502);
    expect(message).toMatch(
      /^the device at 10\.0\.0\.2:80 refused GetProfiles: HTTP 400, bad token \*\*\* y+… \(env:Sender ter:InvalidArgVal\)$/,
    );
    expect(String(message).length).toBeLessThan(320);
  });
});
