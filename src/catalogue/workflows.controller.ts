import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkflowRegistry } from '../engine/workflow.registry';
import { WorkflowDescriber } from './workflow.describer';

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class WorkflowsController {
  constructor(
    private readonly registry: WorkflowRegistry,
    private readonly describer: WorkflowDescriber,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The procedure catalogue' })
  list() {
    return this.registry.all().map((wf) => this.describer.summary(wf));
  }

  @Get(':name')
  @ApiOperation({ summary: 'A workflow: machine graph, events with roles and JSON schema, deadline policy' })
  get(@Param('name') name: string) {
    return this.describer.describe(this.registry.latest(name));
  }
}
