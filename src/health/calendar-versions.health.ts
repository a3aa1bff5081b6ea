import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Clock } from '../engine/clock';
import { DeadlinePlanner } from '../engine/deadlines/deadline.planner';
import { HolidayCalendar } from '../engine/deadlines/holiday-calendar';
import { WorkflowVersions } from '../engine/workflow-versions';

/** Years looked at around today: last year, this year and the next two. */
const BEHIND = 1;
const AHEAD = 2;

/**
 * Facts for operators that do not make the service unhealthy: which years' working days are
 * provisional (no official holiday schedule), and cases stored in states their version does not know.
 */
@Injectable()
export class CalendarAndVersionsIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly planner: DeadlinePlanner,
    private readonly versions: WorkflowVersions,
    private readonly clock: Clock,
  ) {}

  calendar(key = 'calendar') {
    const days = this.planner.calendar.days;
    if (!(days instanceof HolidayCalendar)) return this.indicators.check(key).up({ provisionalYears: [] });
    const year = this.clock.now().getUTCFullYear();
    return this.indicators.check(key).up({
      officialYears: days.officialYears(year - BEHIND, year + AHEAD),
      provisionalYears: days.provisionalYears(year - BEHIND, year + AHEAD),
    });
  }

  async workflowVersions(key = 'workflowVersions') {
    const stranded = await this.versions.stranded();
    return this.indicators.check(key).up({
      casesInUnknownStates: stranded.map((s) => ({
        workflow: `${s.workflow}@${s.version}`,
        cases: s.cases,
        states: s.states,
      })),
    });
  }
}
