import type { Catalogue, WorkflowDefinition } from '../src/engine/workflow.types';
import { accountabilityWorkflow } from './accountability.workflow';

/** The procedures the engine runs. */
export const WORKFLOWS: WorkflowDefinition[] = [accountabilityWorkflow];

/**
 * The catalogue handed to the service: the procedures, the service's own roles, which roles may use
 * each capability of the service, and the demo users of the development sign-in.
 */
export const CATALOGUE: Catalogue = {
  workflows: WORKFLOWS,
  roles: [
    { id: 'supervisor', label: { zh: '监督检查人员', en: 'Supervisor' } },
    { id: 'admin', label: { zh: '系统管理员', en: 'Administrator' } },
  ],
  access: {
    /** Cross-case audit search. */
    audit: ['supervisor', 'admin'],
    /** Deadlines across cases. */
    deadlines: ['supervisor', 'admin', 'leader', 'officer', 'committee'],
    /** Figures and the workflows' reports. */
    stats: ['supervisor', 'admin', 'leader'],
    /** Prometheus metrics. */
    metrics: ['admin', 'supervisor'],
    /** Moving a case to another version of its workflow. */
    migrate: ['admin'],
    /** The BullMQ board at /admin/queues. */
    queueBoard: ['admin'],
  },
  devUsers: [
    { sub: 'wang.fang', name: 'Wang Fang 王芳', roles: ['officer'] },
    { sub: 'li.qiang', name: 'Li Qiang 李强', roles: ['leader'] },
    { sub: 'zhao.min', name: 'Zhao Min 赵敏', roles: ['committee'] },
    { sub: 'chen.jing', name: 'Chen Jing 陈静', roles: ['supervisor'] },
    { sub: 'admin', name: 'Admin 管理员', roles: ['admin'] },
  ],
};
