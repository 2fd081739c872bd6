// The test device's answers, written from ONVIF Core, the ONVIF Media Service and PTZ Service
// specifications and WS-Discovery; every one is validated against contracts/ before it is sent.

export const NS = {
  env: 'http://www.w3.org/2003/05/soap-envelope',
  ter: 'http://www.onvif.org/ver10/error',
  tt: 'http://www.onvif.org/ver10/schema',
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  trt: 'http://www.onvif.org/ver10/media/wsdl',
  tptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  dn: 'http://www.onvif.org/ver10/network/wsdl',
  wsa: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  d: 'http://schemas.xmlsoap.org/ws/2005/04/discovery',
} as const;

export interface TestProfile {
  token: string;
  name: string;
  encoding: 'H264' | 'JPEG' | 'MPEG4';
  width: number;
  height: number;
  fps: number;
  bitrateKbps: number;
  /** What GetStreamUri answers for it. */
  uri: string;
}

export function xml(text: string | number): string {
  return String(text).replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function envelope(body: string, header = ''): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<env:Envelope xmlns:env="${NS.env}" xmlns:tt="${NS.tt}" xmlns:tds="${NS.tds}" xmlns:trt="${NS.trt}" xmlns:tptz="${NS.tptz}" xmlns:ter="${NS.ter}">` +
    (header ? `<env:Header>${header}</env:Header>` : '') +
    `<env:Body>${body}</env:Body></env:Envelope>`
  );
}

/** A SOAP 1.2 fault with an ONVIF subcode (ONVIF Core 5.11.2, "Generic faults"). */
export function fault(
  code: 'env:Sender' | 'env:Receiver',
  subcode: string,
  reason: string,
): string {
  return envelope(
    `<env:Fault><env:Code><env:Value>${code}</env:Value>` +
      `<env:Subcode><env:Value>${subcode}</env:Value></env:Subcode></env:Code>` +
      `<env:Reason><env:Text xml:lang="en">${xml(reason)}</env:Text></env:Reason></env:Fault>`,
  );
}

export function systemDateAndTime(now: Date): string {
  return envelope(
    `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>` +
      `<tt:DateTimeType>Manual</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>` +
      `<tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone>` +
      `<tt:UTCDateTime><tt:Time><tt:Hour>${now.getUTCHours()}</tt:Hour><tt:Minute>${now.getUTCMinutes()}</tt:Minute><tt:Second>${now.getUTCSeconds()}</tt:Second></tt:Time>` +
      `<tt:Date><tt:Year>${now.getUTCFullYear()}</tt:Year><tt:Month>${now.getUTCMonth() + 1}</tt:Month><tt:Day>${now.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime>` +
      `</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`,
  );
}

export function capabilities(
  deviceXAddr: string,
  mediaXAddr: string,
  ptzXAddr: string | null = null,
): string {
  return envelope(
    `<tds:GetCapabilitiesResponse><tds:Capabilities>` +
      `<tt:Device><tt:XAddr>${xml(deviceXAddr)}</tt:XAddr></tt:Device>` +
      `<tt:Media><tt:XAddr>${xml(mediaXAddr)}</tt:XAddr><tt:StreamingCapabilities>` +
      `<tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP><tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP>` +
      `</tt:StreamingCapabilities></tt:Media>` +
      (ptzXAddr ? `<tt:PTZ><tt:XAddr>${xml(ptzXAddr)}</tt:XAddr></tt:PTZ>` : '') +
      `</tds:Capabilities></tds:GetCapabilitiesResponse>`,
  );
}

export function deviceInformation(model: string): string {
  return envelope(
    `<tds:GetDeviceInformationResponse><tds:Manufacturer>Camera Recorder tests</tds:Manufacturer>` +
      `<tds:Model>${xml(model)}</tds:Model><tds:FirmwareVersion>V1.0.3</tds:FirmwareVersion>` +
      `<tds:SerialNumber>0001</tds:SerialNumber><tds:HardwareId>test-device</tds:HardwareId>` +
      `</tds:GetDeviceInformationResponse>`,
  );
}

export const PTZ_NODE_TOKEN = 'PTZNode_1';
const PAN_TILT_VELOCITY = 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/VelocityGenericSpace';
const ZOOM_VELOCITY = 'http://www.onvif.org/ver10/tptz/ZoomSpaces/VelocityGenericSpace';
const PAN_TILT_POSITION = 'http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace';
const ZOOM_POSITION = 'http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace';

/** The PTZ configuration every profile of a PTZ device carries (ONVIF PTZ Service 5.2). */
function ptzConfiguration(useCount: number): string {
  return (
    `<tt:PTZConfiguration token="PTZConfig_1"><tt:Name>PTZ</tt:Name><tt:UseCount>${useCount}</tt:UseCount>` +
    `<tt:NodeToken>${PTZ_NODE_TOKEN}</tt:NodeToken>` +
    `<tt:DefaultContinuousPanTiltVelocitySpace>${PAN_TILT_VELOCITY}</tt:DefaultContinuousPanTiltVelocitySpace>` +
    `<tt:DefaultContinuousZoomVelocitySpace>${ZOOM_VELOCITY}</tt:DefaultContinuousZoomVelocitySpace>` +
    `<tt:DefaultPTZTimeout>PT5S</tt:DefaultPTZTimeout></tt:PTZConfiguration>`
  );
}

export function profiles(list: TestProfile[], ptz = false): string {
  const one = (p: TestProfile) =>
    `<trt:Profiles token="${xml(p.token)}" fixed="true"><tt:Name>${xml(p.name)}</tt:Name>` +
    `<tt:VideoSourceConfiguration token="VideoSourceConfig"><tt:Name>VideoSource</tt:Name><tt:UseCount>${list.length}</tt:UseCount>` +
    `<tt:SourceToken>VideoSource_1</tt:SourceToken><tt:Bounds x="0" y="0" width="${list[0].width}" height="${list[0].height}"/></tt:VideoSourceConfiguration>` +
    `<tt:VideoEncoderConfiguration token="${xml(`encoder-${p.token}`)}"><tt:Name>${xml(`${p.name} encoder`)}</tt:Name><tt:UseCount>1</tt:UseCount>` +
    `<tt:Encoding>${p.encoding}</tt:Encoding><tt:Resolution><tt:Width>${p.width}</tt:Width><tt:Height>${p.height}</tt:Height></tt:Resolution>` +
    `<tt:Quality>5</tt:Quality><tt:RateControl><tt:FrameRateLimit>${p.fps}</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval><tt:BitrateLimit>${p.bitrateKbps}</tt:BitrateLimit></tt:RateControl>` +
    (p.encoding === 'H264'
      ? `<tt:H264><tt:GovLength>${p.fps * 2}</tt:GovLength><tt:H264Profile>Baseline</tt:H264Profile></tt:H264>`
      : '') +
    `<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0</tt:IPv4Address></tt:Address><tt:Port>0</tt:Port><tt:TTL>1</tt:TTL><tt:AutoStart>false</tt:AutoStart></tt:Multicast>` +
    `<tt:SessionTimeout>PT60S</tt:SessionTimeout></tt:VideoEncoderConfiguration>` +
    (ptz ? ptzConfiguration(list.length) : '') +
    `</trt:Profiles>`;
  return envelope(`<trt:GetProfilesResponse>${list.map(one).join('')}</trt:GetProfilesResponse>`);
}

export function streamUri(uri: string): string {
  return envelope(
    `<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>${xml(uri)}</tt:Uri>` +
      `<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>` +
      `<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>`,
  );
}

/** A pan-tilt-zoom vector in the generic spaces. */
function vector(
  element: string,
  v: { pan: number; tilt: number; zoom: number },
  position: boolean,
): string {
  return (
    `<${element}><tt:PanTilt x="${v.pan}" y="${v.tilt}" space="${position ? PAN_TILT_POSITION : PAN_TILT_VELOCITY}"/>` +
    `<tt:Zoom x="${v.zoom}" space="${position ? ZOOM_POSITION : ZOOM_VELOCITY}"/></${element}>`
  );
}

/** GetNodesResponse: one node moving continuously in pan, tilt and (when it zooms) zoom. */
export function ptzNodes(zoom: boolean, maxPresets: number): string {
  const range = (min: number, max: number) => `<tt:Min>${min}</tt:Min><tt:Max>${max}</tt:Max>`;
  return envelope(
    `<tptz:GetNodesResponse><tptz:PTZNode token="${PTZ_NODE_TOKEN}"><tt:Name>Head</tt:Name>` +
      `<tt:SupportedPTZSpaces>` +
      `<tt:ContinuousPanTiltVelocitySpace><tt:URI>${PAN_TILT_VELOCITY}</tt:URI><tt:XRange>${range(-1, 1)}</tt:XRange><tt:YRange>${range(-1, 1)}</tt:YRange></tt:ContinuousPanTiltVelocitySpace>` +
      (zoom
        ? `<tt:ContinuousZoomVelocitySpace><tt:URI>${ZOOM_VELOCITY}</tt:URI><tt:XRange>${range(-1, 1)}</tt:XRange></tt:ContinuousZoomVelocitySpace>`
        : '') +
      `</tt:SupportedPTZSpaces><tt:MaximumNumberOfPresets>${maxPresets}</tt:MaximumNumberOfPresets>` +
      `<tt:HomeSupported>false</tt:HomeSupported></tptz:PTZNode></tptz:GetNodesResponse>`,
  );
}

export function ptzPresets(
  presets: { token: string; name: string; position: { pan: number; tilt: number; zoom: number } }[],
): string {
  return envelope(
    `<tptz:GetPresetsResponse>` +
      presets
        .map(
          (p) =>
            `<tptz:Preset token="${xml(p.token)}"><tt:Name>${xml(p.name)}</tt:Name>` +
            `${vector('tt:PTZPosition', p.position, true)}</tptz:Preset>`,
        )
        .join('') +
      `</tptz:GetPresetsResponse>`,
  );
}

export function ptzStatus(
  position: { pan: number; tilt: number; zoom: number },
  moving: { panTilt: boolean; zoom: boolean },
  now: Date,
): string {
  const state = (on: boolean) => (on ? 'MOVING' : 'IDLE');
  return envelope(
    `<tptz:GetStatusResponse><tptz:PTZStatus>${vector('tt:Position', position, true)}` +
      `<tt:MoveStatus><tt:PanTilt>${state(moving.panTilt)}</tt:PanTilt><tt:Zoom>${state(moving.zoom)}</tt:Zoom></tt:MoveStatus>` +
      `<tt:UtcTime>${now.toISOString()}</tt:UtcTime></tptz:PTZStatus></tptz:GetStatusResponse>`,
  );
}

/** The empty answer of ContinuousMove, Stop and GotoPreset. */
export function ptzDone(operation: 'ContinuousMove' | 'Stop' | 'GotoPreset'): string {
  return envelope(`<tptz:${operation}Response/>`);
}

/** WS-Discovery ProbeMatches (section 5.3), unicast to the prober. */
export function probeMatches(options: {
  relatesTo: string;
  messageId: string;
  instanceId: number;
  messageNumber: number;
  endpoint: string;
  scopes: string[];
  xaddrs: string[];
}): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<env:Envelope xmlns:env="${NS.env}" xmlns:wsa="${NS.wsa}" xmlns:d="${NS.d}" xmlns:dn="${NS.dn}" xmlns:tds="${NS.tds}">` +
    `<env:Header><wsa:MessageID>${xml(options.messageId)}</wsa:MessageID>` +
    `<wsa:RelatesTo>${xml(options.relatesTo)}</wsa:RelatesTo>` +
    `<wsa:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:To>` +
    `<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action>` +
    `<d:AppSequence InstanceId="${options.instanceId}" MessageNumber="${options.messageNumber}"/></env:Header>` +
    `<env:Body><d:ProbeMatches><d:ProbeMatch>` +
    `<wsa:EndpointReference><wsa:Address>${xml(options.endpoint)}</wsa:Address></wsa:EndpointReference>` +
    `<d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>` +
    `<d:Scopes>${options.scopes.map(xml).join(' ')}</d:Scopes>` +
    `<d:XAddrs>${options.xaddrs.map(xml).join(' ')}</d:XAddrs>` +
    `<d:MetadataVersion>1</d:MetadataVersion>` +
    `</d:ProbeMatch></d:ProbeMatches></env:Body></env:Envelope>`
  );
}
