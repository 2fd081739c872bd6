import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Registry } from 'prom-client';
import { ScrapeRoute } from '../auth/access.guard';
import { ApiErrorResponses } from '../errors/api-error.response';

/**
 * `/metrics` for Prometheus, served by the NestJS Prometheus module (which registers this
 * controller) from the app's own registry, every value read at the scrape.
 */
@ApiTags('metrics')
@Controller('metrics')
@ScrapeRoute()
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @ApiOperation({
    summary:
      'Prometheus metrics (text format 0.0.4): per saved camera, storage, retention and the process. ' +
      'Beyond loopback it needs the access token or metrics_token (Authorization: Bearer)',
  })
  @ApiOkResponse({
    description: "Prometheus' text exposition format",
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiErrorResponses({ 401: 'beyond loopback without the access token or metrics_token' })
  index(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-type', this.registry.contentType);
    return this.registry.metrics();
  }
}
