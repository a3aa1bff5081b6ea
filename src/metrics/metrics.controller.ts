import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { Access } from '../auth/auth.types';
import { MetricsService } from './metrics.service';

@ApiTags('ops')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Access('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary: 'Prometheus metrics (scrape with a bearer token of a role the catalogue grants `metrics`)',
  })
  @ApiOkResponse({
    content: { 'text/plain': { schema: { type: 'string' } } },
    description: 'Prometheus text format',
  })
  @ApiErrors(401, 403)
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
