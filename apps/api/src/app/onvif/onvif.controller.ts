import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OnvifDiscoveryResponse, OnvifProfilesResponse } from '@camrec/shared-types';
import { ApiErrorResponses } from '../errors/api-error.response';
import { OnvifDiscovery } from './onvif-discovery';
import { DiscoverQuery, OnvifProfilesDto } from './onvif.dto';
import { OnvifProfiles } from './onvif-profiles';
import * as Schemas from './onvif.responses';

@ApiTags('onvif')
@Controller('onvif')
export class OnvifController {
  constructor(
    private readonly discovery: OnvifDiscovery,
    private readonly profileReader: OnvifProfiles,
  ) {}

  @Get('discover')
  @ApiOperation({
    summary:
      'ONVIF cameras on the LAN (WS-Discovery probe, UDP multicast 239.255.255.250:3702); calls during a probe share it',
  })
  @ApiOkResponse({ type: Schemas.OnvifDiscoveryResponse })
  @ApiErrorResponses({
    400: 'timeout_ms out of range',
    503: 'the probe could not be sent (no multicast route, onvif_interface missing)',
  })
  discover(@Query() query: DiscoverQuery): Promise<OnvifDiscoveryResponse> {
    return this.discovery.discover(query.timeout_ms);
  }

  @Post('profiles')
  @HttpCode(200)
  // Each call connects to a device with a password: limited like /session/open.
  @RouteConfig({ rateLimit: {} })
  @ApiOperation({
    summary:
      "A device's media profiles and their RTSP URIs with the credentials put in; main (largest) and sub (smallest) stream",
  })
  @ApiOkResponse({ type: Schemas.OnvifProfilesResponse })
  @ApiErrorResponses({
    400: 'a field is refused (named), or an address the server does not ask (link-local, not unicast)',
    429: 'open_rate_limit_per_min reached',
    502: 'the camera refused the user name or password, could not be reached, or is not ONVIF',
    504: 'the device did not answer in time',
  })
  profiles(@Body() body: OnvifProfilesDto): Promise<OnvifProfilesResponse> {
    return this.profileReader.read(body);
  }
}
