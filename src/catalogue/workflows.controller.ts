import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { WorkflowDto, WorkflowSummaryDto } from './dto/workflow.dto';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { WorkflowDescriber } from './workflow.describer';

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
  @ApiOperation({ summary: 'The procedure catalogue' })
  @ApiOkResponse({ type: [WorkflowSummaryDto] })
  list() {
    return this.registry.all().map((wf) => this.describer.summary(wf));
  }

  @Get(':name')
  @ApiOperation({ summary: 'A workflow: machine graph, events with roles and JSON schema, deadline policy' })
  @ApiOkResponse({ type: WorkflowDto, description: 'Its latest deployed version' })
  @ApiErrors(404)
  get(@Param('name') name: string) {
    return this.describer.describe(this.registry.latest(name));
  }
}
