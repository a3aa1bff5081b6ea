import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../http/dto/error-body.dto';
import { WorkflowDto, WorkflowRuleDto, WorkflowSummaryDto } from './dto/workflow.dto';
import { NotFoundError } from '../engine/errors';
import { WorkflowRegistry } from '../engine/workflow.registry';
import type { WorkflowDefinition } from '../engine/workflow.types';
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
    return this.describer.describe(this.byName(name));
  }

  @Get(':name/rules')
  @Access('catalogue')
  @ApiOperation({
    summary:
      "A workflow's rules: each with its source (article or seed), its text and the guards that enforce it",
  })
  @ApiOkResponse({ type: [WorkflowRuleDto], description: 'Of its latest deployed version' })
  @ApiErrors(403, 404)
  rules(@Param('name') name: string) {
    return this.describer.rules(this.byName(name));
  }

  /** The latest version of a workflow named in the path: 404 when there is none (a body or query naming one is a 400). */
  private byName(name: string): WorkflowDefinition {
    const wf = this.registry.find(name);
    if (!wf) {
      const { code, message, details } = this.registry.unknown(name);
      throw new NotFoundError(code, message, details);
    }
    return wf;
  }
}
