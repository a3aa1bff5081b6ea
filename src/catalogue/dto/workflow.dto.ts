import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

/** GET /workflows and GET /workflows/:name, as WorkflowDescriber (workflow.describer.ts) builds them. */

const JSON_SCHEMA = {
  type: 'object',
  additionalProperties: true,
} as const;

@ApiSchema({ name: 'Label' })
export class LabelDto {
  @ApiProperty()
  zh: string;

  @ApiProperty()
  en: string;
}

@ApiSchema({ name: 'Role' })
export class RoleDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ type: LabelDto })
  label: LabelDto;
}

@ApiSchema({ name: 'WorkflowSummary' })
export class WorkflowSummaryDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ type: 'integer' })
  version: number;

  @ApiProperty()
  title: string;

  @ApiProperty()
  description: string;
}

@ApiSchema({ name: 'OpenPolicy' })
export class OpenPolicyDto {
  @ApiProperty({ type: [String] })
  roles: readonly string[];

  @ApiProperty({
    ...JSON_SCHEMA,
    description:
      'JSON Schema of the whole POST /cases body for this workflow; exact (a body it refuses is a 400)',
  })
  schema: Record<string, unknown>;
}

@ApiSchema({ name: 'MachineState' })
export class MachineStateDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ description: 'Dotted path' })
  path: string;

  @ApiProperty()
  key: string;

  @ApiProperty({ enum: ['atomic', 'compound', 'parallel', 'final', 'history'] })
  type: string;

  @ApiProperty({ type: String, nullable: true, description: 'Path of the parent; null for top-level stages' })
  parent: string | null;
}

@ApiSchema({ name: 'MachineTransition' })
export class MachineTransitionDto {
  @ApiProperty({ description: 'Path of the source state; empty for the root' })
  source: string;

  @ApiProperty({
    description:
      'Event type; `xstate.after.…` for a deadline, `xstate.always` for an eventless (transient) choice',
  })
  event: string;

  @ApiProperty({ type: [String] })
  targets: string[];

  @ApiProperty()
  reenter: boolean;
}

@ApiSchema({ name: 'MachineGraph' })
export class MachineGraphDto {
  @ApiProperty()
  id: string;

  @ApiProperty({ type: String, nullable: true })
  initial: string | null;

  @ApiProperty({ type: [MachineStateDto] })
  states: MachineStateDto[];

  @ApiProperty({ type: [MachineTransitionDto] })
  transitions: MachineTransitionDto[];
}

@ApiSchema({ name: 'WorkflowEvent' })
export class WorkflowEventDto {
  @ApiProperty()
  type: string;

  @ApiProperty({ type: [String] })
  roles: readonly string[];

  @ApiProperty()
  description: string;

  @ApiProperty({
    description:
      'An optional side move (take-over, transfer…): GET /inbox does not count a case waiting for it',
  })
  sideMove: boolean;

  @ApiProperty({
    type: LabelDto,
    nullable: true,
    description:
      'What must have happened before the machine accepts it where its state names it (null: nothing said)',
  })
  requires: LabelDto | null;

  @ApiProperty({
    ...JSON_SCHEMA,
    description: 'JSON Schema of the payload; per-case variants are `anyOf` branches titled with the variant',
  })
  schema: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      "An earlier event whose latest payload (from the case's history) the form of this one shows beside it, read-only",
  })
  showBeside?: string;
}

@ApiSchema({ name: 'WorkflowLinkedEvent' })
export class WorkflowLinkedEventDto {
  @ApiProperty()
  type: string;

  @ApiProperty()
  description: string;
}

@ApiSchema({ name: 'WorkflowDeadline' })
export class WorkflowDeadlineDto {
  @ApiProperty({ description: "The delay's name in the machine's `after` blocks" })
  delay: string;

  @ApiProperty()
  kind: string;

  @ApiProperty({
    description: 'ISO 8601 duration in force (after deployment overrides); PnWD is working days',
  })
  duration: string;

  @ApiProperty({ description: 'The duration the workflow declares' })
  defaultDuration: string;

  @ApiProperty({ description: 'Passing it only flags the case overdue' })
  flagsOverdue: boolean;
}

@ApiSchema({ name: 'WorkflowRule' })
export class WorkflowRuleDto {
  @ApiProperty({
    description: 'Stable id, unique in the workflow; a refusal by the rule names it (details.rule.id)',
  })
  id: string;

  @ApiProperty({ type: LabelDto, description: 'The article or seed the rule comes from' })
  source: LabelDto;

  @ApiProperty({ type: LabelDto, description: 'What the rule requires' })
  text: LabelDto;

  @ApiProperty({
    type: [String],
    description: 'Guards of the machine that enforce it (empty: it holds by the shape of the machine)',
  })
  guards: readonly string[];
}

@ApiSchema({ name: 'Workflow' })
export class WorkflowDto extends WorkflowSummaryDto {
  @ApiProperty({ type: [RoleDto] })
  roles: readonly RoleDto[];

  @ApiProperty({ type: [String], description: 'The same as open.roles' })
  openRoles: readonly string[];

  @ApiProperty({ type: OpenPolicyDto })
  open: OpenPolicyDto;

  @ApiProperty({ type: MachineGraphDto })
  machine: MachineGraphDto;

  @ApiProperty({ type: [WorkflowEventDto] })
  events: WorkflowEventDto[];

  @ApiProperty({
    type: [WorkflowLinkedEventDto],
    description: 'Events only a linked case sends (never a user): a user who sends one gets 403',
  })
  linkedEvents: WorkflowLinkedEventDto[];

  @ApiProperty({ type: [WorkflowDeadlineDto] })
  deadlines: WorkflowDeadlineDto[];

  @ApiProperty({
    type: [WorkflowRuleDto],
    description:
      'The rules of the procedure, proven over every path of its machine (as GET /workflows/{name}/rules)',
  })
  rules: WorkflowRuleDto[];
}
