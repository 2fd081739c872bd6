import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@camrec/shared-types';
import * as Schemas from './health.responses';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Server status: ffmpeg, proxy engines, sessions' })
  @ApiOkResponse({ type: Schemas.HealthResponse })
  get(): Promise<HealthResponse> {
    return this.health.report();
  }
}
