import { BlockList, isIP } from 'node:net';

/** Where the device service of an ONVIF device is asked. */
export interface DeviceAddress {
  secure: boolean;
  /** A host name or an IP address (IPv6 without brackets). */
  host: string;
  port: number;
  /** The device service path; ONVIF's default unless a URL named another. */
  path: string;
}

/** Thrown for an address the server will not ask; the message names the field. */
export class DeviceAddressError extends Error {}

export const DEFAULT_DEVICE_PATH = '/onvif/device_service';
const MAX_ADDRESS_LENGTH = 512;

/**
 * `host`, `host:port`, `[IPv6]`, `[IPv6]:port`, a bare IPv6 address, or a device service URL
 * (an XAddr: `http://host[:port]/onvif/device_service`). Only http and https are asked.
 */
export function parseDeviceAddress(input: string): DeviceAddress {
  const text = input.trim();
  if (!text) throw new DeviceAddressError('address must not be empty');
  if (text.length > MAX_ADDRESS_LENGTH) {
    throw new DeviceAddressError(`address is longer than ${MAX_ADDRESS_LENGTH} characters`);
  }
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u0020\u007f]/.test(text)) {
    throw new DeviceAddressError('address must not contain spaces or control characters');
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined) return parseUrl(text, scheme);
  if (isIP(text) === 6) return { secure: false, host: text, port: 80, path: DEFAULT_DEVICE_PATH };
  if (/^[a-z][a-z0-9+.-]*:[^\d]/i.test(text)) {
    throw new DeviceAddressError(
      `address "${text.split(':')[0]}:" is not a device address; give host[:port] or an http(s):// URL`,
    );
  }
  return parseUrl(`http://${text}`, 'http');
}

function parseUrl(text: string, scheme: string): DeviceAddress {
  if (scheme !== 'http' && scheme !== 'https') {
    throw new DeviceAddressError(
      `address scheme "${scheme}:" is not allowed; ONVIF devices are asked over http:// or https://`,
    );
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DeviceAddressError('address is not a host[:port] or a device service URL');
  }
  if (url.username || url.password) {
    throw new DeviceAddressError('address must not hold credentials; use username and password');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new DeviceAddressError('address must name a host');
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  if (!(port >= 1 && port <= 65535)) {
    throw new DeviceAddressError('address port must be from 1 to 65535');
  }
  const path = url.pathname && url.pathname !== '/' ? url.pathname : DEFAULT_DEVICE_PATH;
  return { secure: scheme === 'https', host, port, path: `${path}${url.search}` };
}

/**
 * Addresses no camera has: link-local (where clouds answer metadata requests with their
 * credentials, 169.254.169.254 and fe80::/10), unspecified, multicast and broadcast. Private and
 * public addresses are allowed, as for saved cameras, which can be anywhere.
 */
const REFUSED = new BlockList();
REFUSED.addSubnet('0.0.0.0', 8, 'ipv4');
REFUSED.addSubnet('169.254.0.0', 16, 'ipv4');
REFUSED.addSubnet('224.0.0.0', 4, 'ipv4');
REFUSED.addSubnet('240.0.0.0', 4, 'ipv4');
REFUSED.addSubnet('::', 128, 'ipv6');
REFUSED.addSubnet('fe80::', 10, 'ipv6');
REFUSED.addSubnet('ff00::', 8, 'ipv6');
// AWS's IPv6 instance metadata address.
REFUSED.addAddress('fd00:ec2::254', 'ipv6');

/** Why the server will not connect to this IP address, or null when it will. */
export function refusedIp(ip: string): string | null {
  const family = isIP(ip);
  if (family === 0) return `${ip} is not an IP address`;
  const mapped = family === 6 ? mappedIpv4(ip) : null;
  if (mapped) return refusedIp(mapped);
  if (!REFUSED.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return null;
  if (ip.startsWith('169.254.') || /^fe[89ab]/i.test(ip) || /^fd00:ec2:/i.test(ip)) {
    return `${ip} is a link-local address (no camera; cloud metadata services live there)`;
  }
  return `${ip} is not a unicast address`;
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:a9fe:a9fe`, `::ffff:169.254.1.1`). */
function mappedIpv4(ip: string): string | null {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  if (dotted) return dotted;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (!hex) return null;
  const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** `host:port`, with IPv6 in brackets, for messages. */
export function hostPort(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}
