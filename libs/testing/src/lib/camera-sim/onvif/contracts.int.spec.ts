import { validateMessage, xmllintMissing } from './schema-validator';
import * as Soap from './soap-messages';

const profile: Soap.TestProfile = {
  token: 'Profile_1',
  name: 'mainStream',
  encoding: 'H264',
  width: 1920,
  height: 1080,
  fps: 25,
  bitrateKbps: 4096,
  uri: 'rtsp://192.168.1.10:554/main',
};

/**
 * The hand-written contracts must refuse what the ONVIF and WS-Discovery schemas refuse, or
 * the test device would only agree with itself.
 */
describe('the test device contracts (xmllint against contracts/)', () => {
  beforeAll(() => {
    const missing = xmllintMissing();
    if (missing) throw new Error(missing);
  });

  it('accepts every answer the test device builds', async () => {
    const messages = [
      Soap.systemDateAndTime(new Date()),
      Soap.capabilities(
        'http://127.0.0.1/onvif/device_service',
        'http://127.0.0.1/onvif/media_service',
      ),
      Soap.deviceInformation('TD-100'),
      Soap.profiles([profile, { ...profile, token: 'Profile_2', encoding: 'JPEG' }]),
      Soap.streamUri(profile.uri),
      Soap.fault('env:Sender', 'ter:NotAuthorized', 'Sender not Authorized'),
      Soap.probeMatches({
        relatesTo: 'urn:uuid:1',
        messageId: 'urn:uuid:2',
        instanceId: 1,
        messageNumber: 1,
        endpoint: 'urn:uuid:3',
        scopes: ['onvif://www.onvif.org/name/A%20b'],
        xaddrs: ['http://127.0.0.1/onvif/device_service'],
      }),
    ];
    for (const message of messages) expect(await validateMessage(message)).toBeNull();
  });

  it.each([
    [
      'an encoding Media 1 does not have',
      Soap.profiles([profile]).replace('>H264<', '>H265<'),
      /VideoEncoding|enumeration/,
    ],
    [
      'a profile without its token',
      Soap.profiles([profile]).replace(/<trt:Profiles token="[^"]*"/, '<trt:Profiles'),
      /token/,
    ],
    [
      'an encoder without Multicast',
      Soap.profiles([profile]).replace(/<tt:Multicast>.*<\/tt:Multicast>/, ''),
      /Multicast|SessionTimeout/,
    ],
    [
      'elements out of order',
      Soap.profiles([profile]).replace(
        /(<tt:Resolution>.*?<\/tt:Resolution>)(<tt:Quality>5<\/tt:Quality>)/,
        '$2$1',
      ),
      /Quality|Resolution/,
    ],
    [
      'a stream URI without its timeout',
      Soap.streamUri('rtsp://h/s').replace(/<tt:Timeout>.*<\/tt:Timeout>/, ''),
      /Timeout|Missing child/,
    ],
    [
      'a fault with an unknown code',
      Soap.fault('env:Sender', 'ter:NotAuthorized', 'x').replace('env:Sender', 'env:Client'),
      /faultcodeEnum|enumeration/,
    ],
    [
      'a fault text without xml:lang',
      Soap.fault('env:Sender', 'ter:NotAuthorized', 'x').replace(' xml:lang="en"', ''),
      /lang/,
    ],
    [
      'a date without its day',
      Soap.systemDateAndTime(new Date()).replace(/<tt:Day>\d+<\/tt:Day>/, ''),
      /Day|Missing child/,
    ],
    [
      'a ProbeMatch without MetadataVersion',
      Soap.probeMatches({
        relatesTo: 'urn:1',
        messageId: 'urn:2',
        instanceId: 1,
        messageNumber: 1,
        endpoint: 'urn:3',
        scopes: [],
        xaddrs: [],
      }).replace(/<d:MetadataVersion>1<\/d:MetadataVersion>/, ''),
      /MetadataVersion|Missing child/,
    ],
    [
      'an operation no contract declares',
      Soap.envelope('<tds:GetUsers/>'),
      /No matching global element/,
    ],
    [
      'a security header with a password type of its own',
      Soap.envelope(
        '<trt:GetProfiles/>',
        `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>a</wsse:Username><wsse:Password Type="urn:plain">b</wsse:Password></wsse:UsernameToken></wsse:Security>`,
      ),
      /Type|enumeration/,
    ],
  ])('refuses %s', async (_what, message, reason) => {
    expect(await validateMessage(message)).toMatch(reason);
  });
});
