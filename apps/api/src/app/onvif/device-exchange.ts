import {
  BadGatewayException,
  BadRequestException,
  HttpException,
  HttpStatus,
} from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { maskCredentials } from '@camrec/process';
import { refusedIp } from './device-address';

// What every exchange with an ONVIF device shares: the checked address, the overall deadline,
// the password kept out of messages, and text made safe for the client's hand-written XML.

/** The host's address, checked: a name resolving to a refused address is refused. */
export async function resolveHost(host: string, where: string): Promise<string> {
  const literal = isIP(host) !== 0;
  let addresses: string[];
  try {
    addresses = literal ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unknown';
    throw new BadGatewayException(
      `${where} could not be reached: its name cannot be resolved (${code})`,
    );
  }
  for (const address of addresses) {
    const refused = refusedIp(address);
    if (refused) {
      throw new BadRequestException(
        `address ${literal ? refused : `${host} resolves to ${refused}`}; the server does not ask it`,
      );
    }
  }
  if (addresses.length === 0) {
    throw new BadGatewayException(`${where} could not be reached: its name has no address`);
  }
  return addresses[0];
}

/** The overall time limit of one exchange: a device trickling bytes never trips an idle timeout. */
export class Deadline {
  private timer: NodeJS.Timeout | null = null;
  private readonly expired: Promise<never>;

  constructor(ms: number, where: string) {
    this.expired = new Promise<never>((_, reject) => {
      this.timer = setTimeout(
        () =>
          reject(
            new HttpException(
              `${where} did not finish answering within ${ms / 1000} s`,
              HttpStatus.GATEWAY_TIMEOUT,
            ),
          ),
        ms,
      );
    });
    this.expired.catch(() => undefined);
  }

  race<T>(work: Promise<T>): Promise<T> {
    // Work cut short by the deadline still ends (its connections are closed): quietly.
    work.catch(() => undefined);
    return Promise.race([work, this.expired]);
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

/** Text put into the onvif client's XML, which it writes as it is. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Hides the password (as typed and percent-encoded) and URL credentials in a text. */
export function redactor(password: string): (text: string) => string {
  const secrets = password ? [password, encodeURIComponent(password)] : [];
  return (text) =>
    secrets.reduce((masked, secret) => masked.split(secret).join('***'), maskCredentials(text));
}
