import type { RoleDeclaration } from '../src/engine/workflow.types';

/**
 * The people who work the procedures, declared once: each workflow names the ones its events and
 * openings use (the same people at the same desks, with the same labels everywhere).
 */
const ROLES = {
  integration: { id: 'integration', label: { zh: '系统对接', en: 'Integration' } },
  officer: { id: 'officer', label: { zh: '承办人员', en: 'Case officer' } },
  leader: { id: 'leader', label: { zh: '主要负责人', en: 'Principal leader' } },
  committee: { id: 'committee', label: { zh: '党委（党组）', en: 'Committee' } },
  principal: {
    id: 'principal',
    label: { zh: '主体责任人（党委（党组）书记）', en: 'Principal responsible person' },
  },
  disciplineHead: {
    id: 'disciplineHead',
    label: { zh: '监督责任人（纪委书记、纪检组长）', en: 'Discipline inspection head' },
  },
  taskOwner: { id: 'taskOwner', label: { zh: '任务责任人', en: 'Task owner' } },
  supervisor: { id: 'supervisor', label: { zh: '监督检查人员', en: 'Supervisor' } },
  admin: { id: 'admin', label: { zh: '系统管理员', en: 'Administrator' } },
} as const satisfies Record<string, RoleDeclaration>;

export type RoleId = keyof typeof ROLES;

/** The declarations of the roles a workflow uses, in the order given. */
export function roles(...ids: RoleId[]): RoleDeclaration[] {
  return ids.map((id) => ROLES[id]);
}
