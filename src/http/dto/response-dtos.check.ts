/*
 * Compile-time only: what each route returns must fit the response class its OpenAPI document
 * declares (every declared property present, with a compatible type). A field dropped or retyped in a
 * query without its DTO fails `tsc`; fields added without a DTO are caught by test/openapi.e2e-spec.ts,
 * which validates real responses against closed schemas. Nothing imports this file.
 */
import type { HistoryEntryDto, HistoryPageDto, VerifyResultDto } from '../../audit/dto/history.dto';
import type { AuditService } from '../../audit/audit.service';
import type { DevLoginController } from '../../auth/dev-login.controller';
import type { DevTokenDto, DevUserDto } from '../../auth/dto/dev-user.dto';
import type { CasesQuery } from '../../cases/cases.query';
import type { CasesController } from '../../cases/cases.controller';
import type {
  CaseMinimalDto,
  CasePageDto,
  CaseViewDto,
  DryRunResultDto,
} from '../../cases/dto/case.view.dto';
import type { WorkflowDto, WorkflowRuleDto, WorkflowSummaryDto } from '../../catalogue/dto/workflow.dto';
import type { WorkflowDescriber } from '../../catalogue/workflow.describer';
import type { DeadlinesController } from '../../deadlines/deadlines.controller';
import type { DeadlinePageDto } from '../../deadlines/dto/deadline-list.dto';
import type { DossierController } from '../../dossier/dossier.controller';
import type { SignedDossierDto } from '../../dossier/dto/dossier.dto';
import type { HealthController } from '../../health/health.controller';
import type { LivenessDto } from '../../health/dto/health.dto';
import type { StatsDto } from '../../stats/dto/stats.dto';
import type { StatsService } from '../../stats/stats.service';
import type { SubjectRecordDto } from '../../subjects/dto/subject-record.dto';
import type { SubjectsService } from '../../subjects/subjects.service';

type Returns<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;
/** Resolves to true only when A fits B; `const x: Fits<…> = true` fails to compile otherwise. */
type Fits<A, B> = [A] extends [B] ? true : false;

export const responseDtosFit: true[] = [
  true satisfies Fits<Returns<CasesQuery['get']>, CaseViewDto>,
  true satisfies Fits<Returns<CasesQuery['list']>, CasePageDto>,
  true satisfies Fits<Returns<CasesController['send']>, CaseViewDto | CaseMinimalDto | DryRunResultDto>,
  true satisfies Fits<Returns<AuditService['history']>, HistoryEntryDto[]>,
  true satisfies Fits<Returns<AuditService['verify']>, VerifyResultDto>,
  true satisfies Fits<Returns<AuditService['search']>, HistoryPageDto>,
  true satisfies Fits<Returns<SubjectsService['record']>, SubjectRecordDto>,
  true satisfies Fits<Returns<WorkflowDescriber['summary']>, WorkflowSummaryDto>,
  true satisfies Fits<Returns<WorkflowDescriber['describe']>, WorkflowDto>,
  true satisfies Fits<Returns<WorkflowDescriber['rules']>, WorkflowRuleDto[]>,
  true satisfies Fits<Returns<DeadlinesController['list']>, DeadlinePageDto>,
  true satisfies Fits<Returns<StatsService['stats']>, StatsDto>,
  true satisfies Fits<Returns<DossierController['dossier']>, SignedDossierDto>,
  true satisfies Fits<Returns<DevLoginController['users']>, readonly DevUserDto[]>,
  true satisfies Fits<Returns<DevLoginController['login']>, DevTokenDto>,
  true satisfies Fits<Returns<HealthController['live']>, LivenessDto>,
];
