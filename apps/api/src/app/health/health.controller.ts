import { Controller, Get, Req } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AnonymousHealthResponse, HealthResponse } from '@camrec/shared-types';
import { AccessPolicy } from '../auth/access-policy';
import { Public } from '../auth/access.guard';
import * as Schemas from './health.responses';
import { HealthService } from './health.service';

@ApiTags('health')
@ApiExtraModels(Schemas.HealthResponse, Schemas.AnonymousHealthResponse)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly access: AccessPolicy,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Server status: ffmpeg, proxy engines, sessions' })
  @ApiOkResponse({
    description:
      'the full report; only `{status}` (AnonymousHealthResponse) without the access token',
    schema: {
      // anyOf: the full report also has a `status`, so it matches both.
      anyOf: [
        { $ref: getSchemaPath(Schemas.HealthResponse) },
        { $ref: getSchemaPath(Schemas.AnonymousHealthResponse) },
      ],
    },
  })
  async get(@Req() request: FastifyRequest): Promise<HealthResponse | AnonymousHealthResponse> {
    const report = await this.health.report();
    if (!this.access.authenticated(request.headers)) return { status: report.status };
    return { ...report, security: this.access.status(request.headers) };
  }
}
