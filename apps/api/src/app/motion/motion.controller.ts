import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { MotionSettingsResponse } from '@camrec/shared-types';
import { MotionSettingsDto, SessionIdParams } from './motion.dto';
import { MotionService } from './motion.service';

@ApiTags('motion')
@Controller('session')
export class MotionController {
  constructor(private readonly motion: MotionService) {}

  @Get(':id/motion')
  @ApiOperation({ summary: 'Motion detection settings of a session, and whether it can run' })
  @ApiOkResponse({ description: 'MotionSettingsResponse' })
  @ApiNotFoundResponse({ description: 'Unknown session' })
  get(@Param() params: SessionIdParams): MotionSettingsResponse {
    return this.motion.settings(params.id);
  }

  @Put(':id/motion')
  @ApiOperation({
    summary: 'Switch motion detection on or off and tune it',
    description:
      'Absent fields keep their current value. Without OpenCV the settings are kept and ' +
      '`availability` says why nothing is analysed.',
  })
  @ApiOkResponse({ description: 'MotionSettingsResponse' })
  @ApiBadRequestResponse({ description: 'A setting out of range, named in the message' })
  @ApiNotFoundResponse({ description: 'Unknown session' })
  put(@Param() params: SessionIdParams, @Body() body: MotionSettingsDto): MotionSettingsResponse {
    return this.motion.update(params.id, body);
  }
}
