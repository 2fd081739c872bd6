import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MotionSettingsResponse } from '@camrec/shared-types';
import { ApiErrorResponses } from '../errors/api-error.response';
import { MotionSettingsDto, SessionIdParams } from './motion.dto';
import * as Schemas from './motion.responses';
import { MotionService } from './motion.service';

@ApiTags('motion')
@Controller('session')
export class MotionController {
  constructor(private readonly motion: MotionService) {}

  @Get(':id/motion')
  @ApiOperation({ summary: 'Motion detection settings of a session, and whether it can run' })
  @ApiOkResponse({ type: Schemas.MotionSettingsResponse })
  @ApiErrorResponses({ 400: 'The id is not a session UUID', 404: 'Unknown session' })
  get(@Param() params: SessionIdParams): MotionSettingsResponse {
    return this.motion.settings(params.id);
  }

  @Get(':id/motion/mask')
  @ApiOperation({
    summary: 'The latest changed-pixel mask (white = changed) for tuning',
    description: 'Header x-motion-score: the changed share of the picture, 0–1.',
  })
  @ApiOkResponse({
    description: 'The mask as a JPEG',
    headers: {
      'x-motion-score': {
        description: 'Changed share of the picture, 0–1',
        schema: { type: 'number' },
      },
    },
    content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrorResponses({
    400: 'The id is not a session UUID',
    404: 'Unknown session',
    409: 'Motion detection is off for the session (or cannot run), or no frame was analysed yet',
  })
  async mask(@Param() params: SessionIdParams, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const mask = await this.motion.mask(params.id);
    return reply
      .header('content-type', 'image/jpeg')
      .header('cache-control', 'no-store')
      .header('x-motion-score', String(mask.score))
      .send(mask.jpeg);
  }

  @Put(':id/motion')
  @ApiOperation({
    summary: 'Switch motion detection on or off and tune it',
    description:
      'Absent fields keep their current value. Without OpenCV the settings are kept and ' +
      '`availability` says why nothing is analysed.',
  })
  @ApiOkResponse({ description: 'The settings now in force', type: Schemas.MotionSettingsResponse })
  @ApiErrorResponses({
    400: 'The id is not a session UUID, or a setting is missing or out of range (named in the message)',
    404: 'Unknown session',
  })
  put(@Param() params: SessionIdParams, @Body() body: MotionSettingsDto): MotionSettingsResponse {
    return this.motion.update(params.id, body);
  }
}
