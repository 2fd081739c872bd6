import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  RecordingStatus,
  StartRecordingResponse,
  StopRecordingResponse,
} from '@camrec/shared-types';
import { ApiErrorResponses } from '../errors/api-error.response';
import { RecordingStatusParams, StartRecordingDto, StopRecordingDto } from './recording.dto';
import * as Schemas from './recording.responses';
import { RecordingService } from './recording.service';

@ApiTags('recording')
@Controller('record')
export class RecordingController {
  constructor(private readonly recording: RecordingService) {}

  @Post('start')
  @ApiOperation({ summary: 'Start recording a session (fixed duration or until stopped)' })
  @ApiCreatedResponse({ description: 'Recording', type: Schemas.StartRecordingResponse })
  @ApiErrorResponses({
    400: 'Bad session_id or duration out of range',
    404: 'Unknown session',
    409: 'The session is already recording, or closing',
    507: 'Videos folder not writable or disk nearly full',
  })
  start(@Body() request: StartRecordingDto): Promise<StartRecordingResponse> {
    return this.recording.start(request);
  }

  @Post('stop')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop recording; answers once the MP4 is final' })
  @ApiOkResponse({ description: 'The final MP4', type: Schemas.StopRecordingResponse })
  @ApiErrorResponses({
    400: 'session_id is not a session UUID',
    404: 'Unknown session',
    409: 'The session is not recording, or nothing was recorded',
    502: 'The MP4 could not be finalised (the .part is kept)',
  })
  stop(@Body() request: StopRecordingDto): Promise<StopRecordingResponse> {
    return this.recording.stop(request.session_id);
  }

  @Get('status/:session_id')
  @ApiOperation({ summary: 'Recording state of a session' })
  @ApiOkResponse({ type: Schemas.RecordingStatus })
  @ApiErrorResponses({ 400: 'session_id is not a session UUID', 404: 'Unknown session' })
  status(@Param() params: RecordingStatusParams): Promise<RecordingStatus> {
    return this.recording.status(params.session_id);
  }
}
