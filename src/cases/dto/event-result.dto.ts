import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** What POST /cases/:id/events answers besides the whole case view: minimal and dry-run bodies. */

/** A deadline row the event would schedule (as stored). */
@ApiSchema({ name: 'ScheduledDeadline' })
export class ScheduledDeadlineDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ description: "The case's handling unit (the row moves with the case)" })
  unitId: string;

  @ApiProperty()
  kind: string;

  @ApiProperty({ format: 'date-time' })
  dueAt: string;

  @ApiProperty({ enum: ['pending', 'fired', 'cancelled'] })
  status: string;

  @ApiProperty({ description: 'The XState send id (the timeout event type)' })
  sendId: string;

  @ApiProperty()
  flagsOverdue: boolean;

  @ApiProperty({ description: 'Counted on working days of a provisional holiday calendar' })
  provisional: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  firedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  settledAt: string | null;
}

@ApiSchema({
  name: 'CaseMinimal',
  description: 'POST /cases/:id/events with Prefer: return=minimal: the state and revision after the event',
})
export class CaseMinimalDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Comma-joined dotted state paths (one per parallel region)' })
  state: string;

  @ApiProperty({ type: [String] })
  states: string[];

  @ApiProperty({ enum: ['active', 'closed'] })
  status: 'active' | 'closed';

  @ApiProperty({ type: String, nullable: true })
  outcome: string | null;

  @ApiProperty({ type: 'integer', description: 'Send it back as If-Match' })
  revision: number;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

@ApiSchema({ name: 'DryRunResult', description: 'POST /cases/:id/events?dryRun=true: what would happen' })
export class DryRunResultDto {
  @ApiProperty({ enum: [true] })
  dryRun: true;

  @ApiProperty({ description: 'The state before' })
  from: string;

  @ApiProperty({ description: 'The state the event would lead to' })
  to: string;

  @ApiProperty({ enum: ['active', 'done', 'error', 'stopped'], description: "The machine's status after" })
  status: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The machine's context after" })
  context: unknown;

  @ApiProperty({ type: [ScheduledDeadlineDto] })
  scheduled: ScheduledDeadlineDto[];

  @ApiProperty({
    type: 'array',
    items: {
      type: 'object',
      properties: { type: { type: 'string', example: 'openCase' } },
      required: ['type'],
      additionalProperties: true,
    },
    description:
      "Effects the workflow would ask for: `type` names the effect's handler, the other fields are its own",
  })
  effects: { type: string }[];
}
