import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type {
  RecordingStatus,
  StartRecordingResponse,
  StopRecordingResponse,
} from '@camrec/shared-types';
import { RecordingStatusParams, StartRecordingDto, StopRecordingDto } from './recording.dto';
import { RecordingService } from './recording.service';

@ApiTags('recording')
@Controller('record')
export class RecordingController {
  constructor(private readonly recording: RecordingService) {}

  @Post('start')
  @ApiOperation({ summary: 'Start recording a session (fixed duration or until stopped)' })
  @ApiCreatedResponse({ description: 'StartRecordingResponse: {filename, started_at, duration}' })
  @ApiBadRequestResponse({ description: 'Bad session_id or duration out of range' })
  @ApiNotFoundResponse({ description: 'Unknown session' })
  @ApiConflictResponse({ description: 'The session is already recording' })
  @ApiResponse({ status: 507, description: 'Videos folder not writable or disk nearly full' })
  start(@Body() request: StartRecordingDto): Promise<StartRecordingResponse> {
    return this.recording.start(request);
  }

  @Post('stop')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop recording; answers once the MP4 is final' })
  @ApiOkResponse({ description: 'StopRecordingResponse: {filename, duration_s, size_bytes}' })
  @ApiNotFoundResponse({ description: 'Unknown session' })
  @ApiConflictResponse({ description: 'The session is not recording' })
  stop(@Body() request: StopRecordingDto): Promise<StopRecordingResponse> {
    return this.recording.stop(request.session_id);
  }

  @Get('status/:session_id')
  @ApiOperation({ summary: 'Recording state of a session' })
  @ApiOkResponse({ description: 'RecordingStatus' })
  @ApiNotFoundResponse({ description: 'Unknown session' })
  status(@Param() params: RecordingStatusParams): Promise<RecordingStatus> {
    return this.recording.status(params.session_id);
  }
}
