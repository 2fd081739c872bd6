import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import {
  DERIVED,
  deriveSchema,
  derivedSchemasCatalog,
  ONVIF_SPECS,
  UPSTREAM_BLOBS,
} from './onvif-schemas';
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

const probeMatches = (scopes: string[] = []) =>
  Soap.probeMatches({
    relatesTo: 'urn:uuid:1',
    messageId: 'urn:uuid:2',
    instanceId: 1,
    messageNumber: 1,
    endpoint: 'urn:uuid:3',
    scopes,
    xaddrs: ['http://127.0.0.1/onvif/device_service'],
  });

/** The blob id git gives a file's bytes, as `git hash-object` does. */
function gitBlobId(path: string): string {
  const bytes = readFileSync(path);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

describe('the test device contracts (xmllint against contracts/)', () => {
  beforeAll(() => {
    const missing = xmllintMissing();
    if (missing) throw new Error(missing);
  });

  it.each(Object.entries(UPSTREAM_BLOBS))('keeps ONVIF’s %s as published', (file, blob) => {
    expect(gitBlobId(join(ONVIF_SPECS, file))).toBe(blob);
  });

  // The schemas xmllint reads are derived from the copies at test time, outside the
  // repository (onvif-schemas.ts): ONVIF grants no licence to modify its files.
  it('derives the schemas xmllint reads outside the repository, from the copies', () => {
    const catalog = derivedSchemasCatalog();
    expect(derivedSchemasCatalog()).toBe(catalog);
    expect(relative(tmpdir(), catalog)).not.toMatch(/^\.\./);
    expect(relative(ONVIF_SPECS, catalog)).toMatch(/^\.\./);
    for (const file of DERIVED) {
      expect(readFileSync(join(dirname(catalog), file.target), 'utf8')).toBe(deriveSchema(file));
    }
  });

  // Each derivation expects the copies as they are; a newer copy it does not fit is refused.
  it.each([
    [
      'an onvif.xsd without the wildcard libxml2 refuses',
      'wsdl/ver10/schema/onvif.xsd',
      (xsd: string) => xsd.replace(/<xs:any namespace="##targetNamespace"[^>]*>/g, ''),
      /VideoSourceConfigurationOptionsExtension2 no longer has the wildcard/,
    ],
    [
      'an onvif.xsd that includes no common.xsd',
      'wsdl/ver10/schema/onvif.xsd',
      (xsd: string) => xsd.replace('schemaLocation="common.xsd"', 'schemaLocation="c.xsd"'),
      /not one <xs:include schemaLocation="common.xsd"\/>/,
    ],
    [
      'a WSDL with two schemas',
      'wsdl/ver10/media/wsdl/media.wsdl',
      (wsdl: string) => wsdl.replace('</wsdl:types>', '<xs:schema></xs:schema></wsdl:types>'),
      /wsdl:types is one xs:schema/,
    ],
    [
      'a WSDL whose schema imports onvif.xsd from elsewhere',
      'wsdl/ver10/device/wsdl/devicemgmt.wsdl',
      (wsdl: string) => wsdl.replace('../../../ver10/schema/onvif.xsd', '../schema/onvif.xsd'),
      /not one schemaLocation="..\/..\/..\/ver10\/schema\/onvif.xsd"/,
    ],
  ])('derives no schema from %s', (_what, source, change, reason) => {
    const file = DERIVED.find((derived) => derived.source === source);
    if (!file) throw new Error(`no schema derived from ${source}`);
    const text = readFileSync(join(ONVIF_SPECS, source), 'utf8');
    expect(() => deriveSchema(file, text)).not.toThrow();
    expect(() => deriveSchema(file, change(text))).toThrow(reason);
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
      Soap.profiles([profile], true),
      Soap.capabilities(
        'http://127.0.0.1/onvif/device_service',
        'http://127.0.0.1/onvif/media_service',
        'http://127.0.0.1/onvif/ptz_service',
      ),
      Soap.ptzNodes(true, 2),
      Soap.ptzNodes(false, 1),
      Soap.ptzPresets([
        { token: 'P1', name: 'Gate', position: { pan: -0.5, tilt: 0.25, zoom: 0 } },
      ]),
      Soap.ptzPresets([]),
      Soap.ptzStatus({ pan: 0.1, tilt: 0, zoom: 1 }, { panTilt: true, zoom: false }, new Date()),
      Soap.ptzDone('ContinuousMove'),
      Soap.ptzDone('Stop'),
      Soap.ptzDone('GotoPreset'),
      Soap.streamUri(profile.uri),
      Soap.fault('env:Sender', 'ter:NotAuthorized', 'Sender not Authorized'),
      probeMatches(['onvif://www.onvif.org/name/A%20b']),
    ];
    for (const message of messages) expect(await validateMessage(message)).toBeNull();
  });

  // Each message is one ONVIF's published schemas refuse: the validation can fail.
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
      'a profile name longer than a tt:Name (64 characters)',
      Soap.profiles([{ ...profile, name: 'n'.repeat(65) }]),
      /maxLength/,
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
      'a date without its day',
      Soap.systemDateAndTime(new Date()).replace(/<tt:Day>\d+<\/tt:Day>/, ''),
      /Day|Missing child/,
    ],
    [
      'device information without its HardwareId',
      Soap.deviceInformation('TD-100').replace(/<tds:HardwareId>.*<\/tds:HardwareId>/, ''),
      /HardwareId|Missing child/,
    ],
    [
      'a PTZ status without its time',
      Soap.ptzStatus({ pan: 0, tilt: 0, zoom: 0 }, { panTilt: false, zoom: false }, new Date()).replace(/<tt:UtcTime>.*<\/tt:UtcTime>/, ''), // prettier-ignore
      /UtcTime|Missing child/,
    ],
    [
      'a move status ONVIF does not have',
      Soap.ptzStatus({ pan: 0, tilt: 0, zoom: 0 }, { panTilt: true, zoom: false }, new Date()).replace('>MOVING<', '>RUNNING<'), // prettier-ignore
      /MoveStatus|enumeration/,
    ],
    [
      'a pan-tilt vector without its tilt',
      Soap.ptzPresets([{ token: 'P', name: 'n', position: { pan: 0, tilt: 0, zoom: 0 } }]).replace(' y="0"', ''), // prettier-ignore
      /'y' is required|y/,
    ],
    [
      'a ContinuousMove without its Velocity',
      Soap.envelope('<tptz:ContinuousMove><tptz:ProfileToken>p</tptz:ProfileToken></tptz:ContinuousMove>'), // prettier-ignore
      /Velocity|Missing child/,
    ],
    [
      'a GetStreamUri request without its StreamSetup',
      Soap.envelope('<trt:GetStreamUri><trt:ProfileToken>p</trt:ProfileToken></trt:GetStreamUri>'),
      /StreamSetup/,
    ],
  ])('refuses %s (ONVIF’s schemas)', async (_what, message, reason) => {
    expect(await validateMessage(message)).toMatch(reason);
  });

  // The SOAP, WS-Discovery and WS-Security schemas are hand-written (contracts/README.md):
  // each message is one their specifications refuse.
  it.each([
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
      'a ProbeMatch without MetadataVersion',
      probeMatches().replace(/<d:MetadataVersion>1<\/d:MetadataVersion>/, ''),
      /MetadataVersion|Missing child/,
    ],
    [
      // SOAP's published schema lets an undeclared body through (lax); ours does not.
      'an operation no schema declares',
      Soap.envelope('<tds:GetCameraSecrets/>'),
      /No matching global element/,
    ],
    [
      // UsernameToken Profile 1.0 (section 3.1) defines two password types; the published
      // WS-Security schema leaves Type open, ours enumerates the two.
      'a security header with a password type of its own',
      Soap.envelope(
        '<trt:GetProfiles/>',
        `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>a</wsse:Username><wsse:Password Type="urn:plain">b</wsse:Password></wsse:UsernameToken></wsse:Security>`,
      ),
      /Type|enumeration/,
    ],
  ])('refuses %s (hand-written schemas)', async (_what, message, reason) => {
    expect(await validateMessage(message)).toMatch(reason);
  });
});
