import { GRADES, type Grade, type PayloadOf } from '../../machines/v1/assessment.types';
import { Labelled, Nested, Optional, TextField } from '../../src/engine/payload-fields';
import { AssessmentUnitLeaderDto, GRADE_LABELS, WeightsField, YearField } from '../assessment.payloads';

/*
 * The payload classes of version 1 that version 2 changed, as they were deployed (the unchanged ones
 * are shared with version 2). Renamed with V1: published schemas are keyed by class name.
 */

const SHORT = 200;
const LONG = 20_000;

/** What POST /cases carried for an assessment on version 1: the year, the unit's principal leader, weights. */
export class AssessmentOpenPayloadV1 {
  /** The year assessed. */
  @YearField()
  year: number;

  /** The unit's principal leader: the subject of an accountability case if the unit fails (倒查). */
  @Nested(() => AssessmentUnitLeaderDto)
  unitLeader: AssessmentUnitLeaderDto;

  /** This assessment's weights; without them the deployment's defaults (config/assessment-indicators.json). */
  @Optional()
  @WeightsField()
  weights?: Record<string, number>;
}

export class DecideGradePayloadV1 implements PayloadOf<'DECIDE_GRADE'> {
  @Labelled(GRADES, GRADE_LABELS)
  grade: Grade;

  /** The committee's reasons (the totals, the problems, the survey). */
  @TextField(LONG)
  basis: string;
}

export class ApplyResultsPayloadV1 implements PayloadOf<'APPLY_RESULTS'> {
  /** How the results were used (annual appraisal of the leaders, honours, budget, accountability). */
  @TextField(LONG)
  application: string;

  @TextField(SHORT)
  fileRef: string;
}
