import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CameraPtzResponse, PtzCommandResponse } from '@camrec/shared-types';
import { CameraIdParams } from '../cameras/cameras.dto';
import { ApiErrorResponses } from '../errors/api-error.response';
import { CameraPtz } from './camera-ptz';
import { PtzMoveDto, PtzPresetDto, PtzStopDto } from './ptz.dto';
import * as Schemas from './ptz.responses';

const DEVICE_ERRORS = {
  502: 'the ONVIF device refused (user name or password, the operation) or could not be reached',
  504: 'the ONVIF device did not answer in time',
} as const;
/** What a command (move, stop, preset) may get besides a refused field. */
const COMMAND_ERRORS = {
  404: 'no such camera',
  409: 'no ONVIF details saved for the camera, or its device has no PTZ',
  ...DEVICE_ERRORS,
} as const;

/** PTZ of a saved camera through its ONVIF device (see README, "PTZ"). */
@ApiTags('cameras')
@Controller('cameras/:id/ptz')
export class CameraPtzController {
  constructor(private readonly ptz: CameraPtz) {}

  @Get()
  @ApiOperation({
    summary:
      "Whether the camera can pan, tilt and zoom (its ONVIF device's PTZ service and profile), its presets and position",
  })
  @ApiOkResponse({ type: Schemas.CameraPtzResponse })
  @ApiErrorResponses({ 400: 'not a camera id', 404: 'no such camera', ...DEVICE_ERRORS })
  status(@Param() params: CameraIdParams): Promise<CameraPtzResponse> {
    return this.ptz.status(params.id);
  }

  @Post('move')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Start moving at the given velocities (ContinuousMove); the device stops by itself after timeout_ms',
  })
  @ApiOkResponse({ type: Schemas.PtzCommandResponse })
  @ApiErrorResponses({ 400: 'a field is refused (named)', ...COMMAND_ERRORS })
  move(@Param() params: CameraIdParams, @Body() body: PtzMoveDto): Promise<PtzCommandResponse> {
    return this.ptz.move(params.id, body);
  }

  @Post('stop')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop moving (Stop, pan, tilt and zoom); the body is {}' })
  @ApiOkResponse({ type: Schemas.PtzCommandResponse })
  @ApiErrorResponses({ 400: 'not a camera id', ...COMMAND_ERRORS })
  // The body is read only so that a field in it is refused rather than ignored.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  stop(@Param() params: CameraIdParams, @Body() _body: PtzStopDto): Promise<PtzCommandResponse> {
    return this.ptz.stop(params.id);
  }

  @Post('preset')
  @HttpCode(200)
  @ApiOperation({ summary: 'Go to a preset position (GotoPreset)' })
  @ApiOkResponse({ type: Schemas.PtzCommandResponse })
  @ApiErrorResponses({ 400: 'a field is refused (named)', ...COMMAND_ERRORS })
  preset(@Param() params: CameraIdParams, @Body() body: PtzPresetDto): Promise<PtzCommandResponse> {
    return this.ptz.gotoPreset(params.id, body.token);
  }
}
