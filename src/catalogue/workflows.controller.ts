import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { WorkflowDto, WorkflowSummaryDto } from './dto/workflow.dto';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { WorkflowDescriber } from './workflow.describer';
import { Access } from '../auth/auth.types';

@ApiTags('workflows')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('workflows')
export class WorkflowsController {
  constructor(
    private readonly registry: WorkflowRegistry,
    private readonly describer: WorkflowDescriber,
  ) {}

  @Get()
  @Access('catalogue')
  @ApiOperation({ summary: 'The procedure catalogue' })
  @ApiOkResponse({ type: [WorkflowSummaryDto] })
  @ApiErrors(403)
  list() {
    return this.registry.all().map((wf) => this.describer.summary(wf));
  }

  @Get(':name')
  @Access('catalogue')
  @ApiOperation({ summary: 'A workflow: machine graph, events with roles and JSON schema, deadline policy' })
  @ApiOkResponse({ type: WorkflowDto, description: 'Its latest deployed version' })
  @ApiErrors(403, 404)
  get(@Param('name') name: string) {
    return this.describer.describe(this.registry.latest(name));
  }
}
