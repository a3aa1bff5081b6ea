export const DEADLINE_QUEUE = 'deadlines';
export const FIRE_JOB = 'fire';

export interface FireDeadlineJob {
  deadlineId: string;
  caseId: string;
  dueAt: string;
}
