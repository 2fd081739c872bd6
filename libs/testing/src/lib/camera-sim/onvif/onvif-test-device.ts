import { randomUUID } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JSDOM } from 'jsdom';
import { durationMs, PtzHead, type PtzVector, type TestPreset } from './ptz-head';
import { validateMessage } from './schema-validator';
import * as Soap from './soap-messages';
import { usernameTokenOf, UsernameTokenChecker } from './ws-security';

export const DISCOVERY_GROUP = '239.255.255.250';
export const DISCOVERY_PORT = 3702;
const PROBE_ACTION = 'http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe';
const RFC3986 = 'http://schemas.xmlsoap.org/ws/2005/04/discovery/rfc3986';
const DEVICE_PATH = '/onvif/device_service';
const MEDIA_PATH = '/onvif/media_service';
const PTZ_PATH = '/onvif/ptz_service';
const MAX_BODY = 64 * 1024;

export interface OnvifTestDeviceOptions {
  username: string;
  password: string;
  profiles: Soap.TestProfile[];
  /** Announced as `onvif://www.onvif.org/name/…` (percent-encoded). */
  name: string;
  hardware?: string;
  location?: string;
  /** The device's clock runs this far from the real one (the client must follow it). */
  clockOffsetMs?: number;
  /** The IPv4 address whose interface joins the discovery group; default 127.0.0.1. */
  multicastInterface?: string;
  /** A pan-tilt-zoom head: a PTZ service, and a PTZ configuration in every profile. */
  ptz?: {
    presets: TestPreset[];
    /** Whether it zooms (a continuous zoom velocity space); default true. */
    zoom?: boolean;
    /** Position units per second at velocity 1; default 1. */
    unitsPerSecond?: number;
  };
}

type Service = 'device' | 'media' | 'ptz';

/** One SOAP call the device answered. */
export interface DeviceCall {
  service: Service;
  operation: string;
  status: number;
  /** Why the UsernameToken was refused, when it was. */
  refused: string | null;
}

export interface OnvifTestDevice {
  /** The device service address, as in its ProbeMatch XAddrs. */
  xaddr: string;
  port: number;
  endpoint: string;
  /** Every message in or out that failed schema validation, and other protocol mistakes. */
  violations: string[];
  calls: DeviceCall[];
  probesAnswered: number;
  /** The PTZ head (its position, the moves it was sent), when the device has one. */
  ptz: PtzHead | null;
  stop(): Promise<void>;
}

/** Types the device is (WS-Discovery Types, ONVIF Core 7.3.2.2). */
const DEVICE_TYPES = new Set([`${Soap.NS.dn}|NetworkVideoTransmitter`, `${Soap.NS.tds}|Device`]);
/** Operations needing no user (ONVIF Core 5.9.4.3, access class PRE_AUTH). */
const PRE_AUTH = new Set(['GetSystemDateAndTime', 'GetCapabilities']);
const OPERATIONS: Record<string, { service: Service; ns: string }> = {
  GetSystemDateAndTime: { service: 'device', ns: Soap.NS.tds },
  GetCapabilities: { service: 'device', ns: Soap.NS.tds },
  GetDeviceInformation: { service: 'device', ns: Soap.NS.tds },
  GetProfiles: { service: 'media', ns: Soap.NS.trt },
  GetStreamUri: { service: 'media', ns: Soap.NS.trt },
  GetNodes: { service: 'ptz', ns: Soap.NS.tptz },
  GetPresets: { service: 'ptz', ns: Soap.NS.tptz },
  GotoPreset: { service: 'ptz', ns: Soap.NS.tptz },
  ContinuousMove: { service: 'ptz', ns: Soap.NS.tptz },
  Stop: { service: 'ptz', ns: Soap.NS.tptz },
  GetStatus: { service: 'ptz', ns: Soap.NS.tptz },
};

/**
 * An ONVIF Profile S device for tests, on 127.0.0.1: it answers WS-Discovery probes sent to
 * 239.255.255.250:3702 on the loopback interface (unicast ProbeMatches to the prober), and the
 * device, media and (with `ptz`) PTZ service calls the onvif client makes over HTTP, with WS-Security
 * UsernameToken digests checked (a refused token gets HTTP 400 and the env:Sender /
 * ter:NotAuthorized fault of ONVIF Core 5.12). Every message it receives or sends is validated
 * against contracts/ with xmllint; what fails is in `violations` (and a failing answer is not
 * sent: the device answers 500 instead, so a test sees it).
 */
export async function startOnvifTestDevice(
  options: OnvifTestDeviceOptions,
): Promise<OnvifTestDevice> {
  const violations: string[] = [];
  const calls: DeviceCall[] = [];
  const checker = new UsernameTokenChecker(options.username, options.password);
  const now = () => new Date(Date.now() + (options.clockOffsetMs ?? 0));
  const endpoint = `urn:uuid:${randomUUID()}`;
  const head = options.ptz ? new PtzHead(options.ptz.unitsPerSecond ?? 1) : null;
  const parser = new new JSDOM('').window.DOMParser();
  const parse = (text: string): Document | null => {
    const doc = parser.parseFromString(text, 'application/xml');
    return doc.getElementsByTagName('parsererror').length ? null : doc;
  };

  const server: Server = createServer((request, response) => {
    void handleHttp(request, response).catch((error: Error) => {
      violations.push(`device error: ${error.message}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const xaddr = `${base}${DEVICE_PATH}`;

  async function send(response: ServerResponse, status: number, message: string, what: string) {
    const invalid = await validateMessage(message);
    if (invalid) {
      violations.push(`answer to ${what} does not validate: ${invalid}`);
      response.writeHead(500).end();
      return;
    }
    response.writeHead(status, { 'content-type': 'application/soap+xml; charset=utf-8' });
    response.end(message);
  }

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const service: Service | null =
      request.url === DEVICE_PATH
        ? 'device'
        : request.url === MEDIA_PATH
          ? 'media'
          : request.url === PTZ_PATH && head
            ? 'ptz'
            : null;
    if (request.method !== 'POST' || !service) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = await readBody(request);
    if (body === null) {
      response.writeHead(413).end();
      return;
    }
    // SOAP 1.2's HTTP binding (section 7.1.4): application/soap+xml.
    if (!/^application\/soap\+xml\b/i.test(request.headers['content-type'] ?? '')) {
      violations.push(`request with content-type ${request.headers['content-type']}`);
    }
    const doc = parse(body);
    const operation = doc ? bodyElement(doc) : null;
    const known = operation && OPERATIONS[operation.localName];
    if (
      !doc ||
      !operation ||
      !known ||
      operation.namespaceURI !== known.ns ||
      (known.service === 'ptz' && !head)
    ) {
      const name = operation ? `{${operation.namespaceURI}}${operation.localName}` : 'no operation';
      calls.push({ service, operation: name, status: 400, refused: null });
      await send(
        response,
        400,
        Soap.fault('env:Sender', 'ter:ActionNotSupported', 'Optional Action Not Implemented'),
        name,
      );
      return;
    }
    const invalid = await validateMessage(body);
    if (invalid) violations.push(`${operation.localName} request does not validate: ${invalid}`);
    const name = operation.localName;
    if (known.service !== service) {
      // Media and PTZ operations are asked at their XAddrs from GetCapabilities, not the device's.
      violations.push(`${name} sent to the ${service} service`);
    }
    const refused = PRE_AUTH.has(name)
      ? null
      : checker.refusal(usernameTokenOf(doc.documentElement), now().getTime());
    if (refused) {
      calls.push({ service, operation: name, status: 400, refused });
      await send(
        response,
        400,
        Soap.fault('env:Sender', 'ter:NotAuthorized', 'Sender not Authorized'),
        name,
      );
      return;
    }
    const answer = answerTo(operation);
    calls.push({ service, operation: name, status: answer.status, refused: null });
    await send(response, answer.status, answer.message, name);
  }

  function answerTo(operation: Element): { status: number; message: string } {
    switch (operation.localName) {
      case 'GetSystemDateAndTime':
        return { status: 200, message: Soap.systemDateAndTime(now()) };
      case 'GetCapabilities':
        return {
          status: 200,
          message: Soap.capabilities(xaddr, `${base}${MEDIA_PATH}`, head && `${base}${PTZ_PATH}`),
        };
      case 'GetDeviceInformation':
        return { status: 200, message: Soap.deviceInformation(options.hardware ?? 'Test device') };
      case 'GetProfiles':
        return { status: 200, message: Soap.profiles(options.profiles, head !== null) };
      case 'GetStreamUri':
        return streamUriAnswer(operation);
      default:
        return ptzAnswer(operation);
    }
  }

  function streamUriAnswer(operation: Element): { status: number; message: string } {
    const token = operation.getElementsByTagNameNS(Soap.NS.trt, 'ProfileToken')[0]?.textContent;
    const stream = operation.getElementsByTagNameNS(Soap.NS.tt, 'Stream')[0]?.textContent;
    const protocol = operation.getElementsByTagNameNS(Soap.NS.tt, 'Protocol')[0]?.textContent;
    const profile = options.profiles.find((p) => p.token === token);
    if (!profile) {
      return {
        status: 400,
        message: Soap.fault(
          'env:Sender',
          'ter:InvalidArgVal',
          'The requested profile token does not exist',
        ),
      };
    }
    if (stream !== 'RTP-Unicast' || !['RTSP', 'TCP', 'UDP'].includes(protocol ?? '')) {
      return {
        status: 400,
        message: Soap.fault('env:Sender', 'ter:InvalidArgVal', 'Stream setup not supported'),
      };
    }
    return { status: 200, message: Soap.streamUri(profile.uri) };
  }

  /** The PTZ service (ONVIF PTZ Service Specification 5.3–5.7), on the first profile's head. */
  function ptzAnswer(operation: Element): { status: number; message: string } {
    if (!head || !options.ptz) throw new Error(`${operation.localName} without a PTZ head`);
    const invalid = (reason: string) => ({
      status: 400,
      message: Soap.fault('env:Sender', 'ter:InvalidArgVal', reason),
    });
    const child = (ns: string, name: string) => operation.getElementsByTagNameNS(ns, name)[0];
    if (operation.localName === 'GetNodes') {
      const presets = options.ptz.presets.length;
      return {
        status: 200,
        message: Soap.ptzNodes(options.ptz.zoom ?? true, Math.max(presets, 1)),
      };
    }
    const token = child(Soap.NS.tptz, 'ProfileToken')?.textContent;
    if (!options.profiles.some((p) => p.token === token)) {
      return invalid('The requested profile token ProfileToken does not exist');
    }
    switch (operation.localName) {
      case 'GetPresets':
        return { status: 200, message: Soap.ptzPresets(options.ptz.presets) };
      case 'GetStatus':
        return {
          status: 200,
          message: Soap.ptzStatus(head.position(), head.moving(), now()),
        };
      case 'GotoPreset': {
        const wanted = child(Soap.NS.tptz, 'PresetToken')?.textContent;
        const preset = options.ptz.presets.find((p) => p.token === wanted);
        if (!preset) return invalid('The requested preset token does not exist');
        head.goTo(preset.position);
        return { status: 200, message: Soap.ptzDone('GotoPreset') };
      }
      case 'ContinuousMove': {
        const velocity = child(Soap.NS.tptz, 'Velocity');
        const panTilt = velocity?.getElementsByTagNameNS(Soap.NS.tt, 'PanTilt')[0];
        const zoom = velocity?.getElementsByTagNameNS(Soap.NS.tt, 'Zoom')[0];
        const move: PtzVector = {
          pan: Number(panTilt?.getAttribute('x') ?? 0),
          tilt: Number(panTilt?.getAttribute('y') ?? 0),
          zoom: Number(zoom?.getAttribute('x') ?? 0),
        };
        if (Object.values(move).some((v) => !(Math.abs(v) <= 1))) {
          return invalid('The requested speed is out of bounds');
        }
        if (zoom && options.ptz.zoom === false) return invalid('The node does not zoom');
        const timeout = child(Soap.NS.tptz, 'Timeout')?.textContent;
        const timeoutMs = timeout === undefined || timeout === null ? null : durationMs(timeout);
        if (timeout && timeoutMs === null) return invalid('The Timeout is not a duration');
        head.move(move, timeoutMs);
        return { status: 200, message: Soap.ptzDone('ContinuousMove') };
      }
      case 'Stop': {
        const flag = (name: string) => child(Soap.NS.tptz, name)?.textContent?.trim() !== 'false';
        head.stop(flag('PanTilt'), flag('Zoom'));
        return { status: 200, message: Soap.ptzDone('Stop') };
      }
      default:
        throw new Error(`${operation.localName} is not answered`);
    }
  }

  // WS-Discovery: the multicast group on one interface, answers unicast to the prober.
  const scopes = [
    'onvif://www.onvif.org/Profile/Streaming',
    'onvif://www.onvif.org/type/video_encoder',
    `onvif://www.onvif.org/name/${encodeURIComponent(options.name)}`,
    `onvif://www.onvif.org/hardware/${encodeURIComponent(options.hardware ?? 'Test-device')}`,
    ...(options.location
      ? [
          `onvif://www.onvif.org/location/${options.location.split('/').map(encodeURIComponent).join('/')}`,
        ]
      : []),
  ];
  const instanceId = Math.floor(Date.now() / 1000);
  let messageNumber = 0;
  let probesAnswered = 0;
  const udp: Socket = createSocket({ type: 'udp4', reuseAddr: true });
  udp.on(
    'message',
    (message, from) =>
      void onProbe(message.toString('utf8'), from).catch((error: Error) =>
        violations.push(`discovery error: ${error.message}`),
      ),
  );
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(DISCOVERY_PORT, () => {
      udp.off('error', reject);
      try {
        udp.addMembership(DISCOVERY_GROUP, options.multicastInterface ?? '127.0.0.1');
        resolve();
      } catch (error) {
        reject(error);
      }
    });
  });

  async function onProbe(text: string, from: RemoteInfo): Promise<void> {
    const doc = parse(text);
    const probe = doc?.getElementsByTagNameNS(Soap.NS.d, 'Probe')[0];
    // Not a probe (another device's ProbeMatches or Hello on the group): not for us.
    if (!doc || !probe) return;
    const header = (name: string) =>
      doc.getElementsByTagNameNS(Soap.NS.wsa, name)[0]?.textContent?.trim() ?? '';
    const forUs =
      header('Action') === PROBE_ACTION && typesMatch(probe) && scopesMatch(probe, scopes);
    const answer = forUs
      ? Soap.probeMatches({
          relatesTo: header('MessageID'),
          messageId: `urn:uuid:${randomUUID()}`,
          instanceId,
          messageNumber: ++messageNumber,
          endpoint,
          scopes,
          xaddrs: [xaddr],
        })
      : null;
    // Both checked at once: the prober listens for a second or two, on a busy machine too. A
    // probe that is not for us is still checked; no answer is made for it.
    const [invalid, bad] = await Promise.all([
      validateMessage(text),
      answer === null ? null : validateMessage(answer),
    ]);
    if (invalid) {
      // ONVIF Core 7.3.5: a faulty multicast message is silently discarded.
      violations.push(`Probe does not validate: ${invalid}`);
      return;
    }
    if (answer === null) return;
    if (bad) {
      violations.push(`ProbeMatches does not validate: ${bad}`);
      return;
    }
    // WS-Discovery 5.3: a random delay up to APP_MAX_DELAY (500 ms) before answering.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 100));
    probesAnswered++;
    udp.send(answer, from.port, from.address);
  }

  return {
    xaddr,
    port,
    endpoint,
    violations,
    calls,
    ptz: head,
    get probesAnswered() {
      return probesAnswered;
    },
    async stop() {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function bodyElement(doc: Document): Element | null {
  const body = doc.getElementsByTagNameNS(Soap.NS.env, 'Body')[0];
  return body?.firstElementChild ?? null;
}

/** Every type the probe asks for must be one the device is (QNames resolved in the probe). */
function typesMatch(probe: Element): boolean {
  const types = probe.getElementsByTagNameNS(Soap.NS.d, 'Types')[0];
  if (!types) return true;
  return (types.textContent ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .every((qname) => {
      const [prefix, local] = qname.includes(':') ? qname.split(':') : [null, qname];
      return DEVICE_TYPES.has(`${types.lookupNamespaceURI(prefix)}|${local}`);
    });
}

/** RFC 3986 matching (ONVIF Core 7.3.3): each probe scope a segment-wise prefix of a device scope. */
function scopesMatch(probe: Element, scopes: string[]): boolean {
  const element = probe.getElementsByTagNameNS(Soap.NS.d, 'Scopes')[0];
  if (!element) return true;
  const matchBy = element.getAttribute('MatchBy');
  if (matchBy && matchBy !== RFC3986) return false;
  const segments = (uri: string) => uri.replace(/\/+$/, '').split('/');
  return (element.textContent ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .every((wanted) => {
      const want = segments(wanted);
      return scopes.some((scope) => {
        const have = segments(scope);
        return (
          want.length <= have.length &&
          want.every((part, i) =>
            i < 3 ? part.toLowerCase() === have[i].toLowerCase() : part === have[i],
          )
        );
      });
    });
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
