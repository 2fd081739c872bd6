import { BadRequestException } from '@nestjs/common';
import type { CameraChanges, CameraRow } from '@camrec/catalog';
import type { CreateCameraRequest, UpdateCameraRequest } from '@camrec/shared-types';
import { isIP } from 'node:net';
import { DeviceAddressError, parseDeviceAddress, refusedIp } from '../onvif/device-address';

type OnvifFields = Pick<CameraRow, 'onvif_address' | 'onvif_username' | 'onvif_password'>;

/** A new camera's ONVIF details: all null, or an address with its user (password default ""). */
export function onvifFields(request: CreateCameraRequest): OnvifFields {
  return checked({
    onvif_address: request.onvif_address?.trim() ?? null,
    onvif_username: request.onvif_username ?? null,
    onvif_password: request.onvif_password ?? null,
  });
}

/**
 * The ONVIF details a PATCH changes: a field left out keeps its value (the password is never
 * shown, so an edit leaves it out), null for the address forgets them all.
 */
export function onvifChanges(current: CameraRow, request: UpdateCameraRequest): CameraChanges {
  const given = ['onvif_address', 'onvif_username', 'onvif_password'] as const;
  if (!given.some((field) => request[field] !== undefined)) return {};
  if (request.onvif_address === null) {
    return { onvif_address: null, onvif_username: null, onvif_password: null };
  }
  return checked({
    onvif_address:
      request.onvif_address === undefined ? current.onvif_address : request.onvif_address.trim(),
    onvif_username:
      request.onvif_username === undefined ? current.onvif_username : request.onvif_username,
    onvif_password:
      request.onvif_password === undefined ? current.onvif_password : request.onvif_password,
  });
}

function checked(fields: OnvifFields): OnvifFields {
  if (fields.onvif_address === null) {
    if (fields.onvif_username !== null || fields.onvif_password !== null) {
      throw new BadRequestException(
        'onvif_address is needed with onvif_username and onvif_password',
      );
    }
    return fields;
  }
  try {
    const { host } = parseDeviceAddress(fields.onvif_address);
    // A name is checked when it is resolved, before each exchange.
    const refused = isIP(host) ? refusedIp(host) : null;
    if (refused) throw new DeviceAddressError(`address ${refused}; the server does not ask it`);
  } catch (error) {
    if (error instanceof DeviceAddressError) {
      throw new BadRequestException(`onvif_${error.message}`);
    }
    throw error;
  }
  if (fields.onvif_username === null) {
    throw new BadRequestException('onvif_username is needed with onvif_address');
  }
  return { ...fields, onvif_password: fields.onvif_password ?? '' };
}
