import type { Catalogue, WorkflowDefinition } from '../src/engine/workflow.types';
import { accountabilityWorkflow } from './accountability.workflow';
import { accountabilityWorkflowV1 } from './v1/accountability.workflow';
import { assessmentWorkflow } from './assessment.workflow';
import { INDICES } from './indices';
import { inquiryWorkflow } from './inquiry.workflow';
import { preliminaryVerificationWorkflow } from './preliminary-verification.workflow';
import { rectificationWorkflow } from './rectification.workflow';
import { responsibilityListWorkflow } from './responsibility-list.workflow';
import { roles } from './roles';
import { TERMS } from './terms';
import { assessmentWorkflowV1 } from './v1/assessment.workflow';
import { inquiryWorkflowV1 } from './v1/inquiry.workflow';
import { rectificationWorkflowV1 } from './v1/rectification.workflow';
import { responsibilityListWorkflowV1 } from './v1/responsibility-list.workflow';
import { responsibilityListWorkflowV2 } from './v2/responsibility-list.workflow';

/** The procedures the engine runs. */
export const WORKFLOWS: WorkflowDefinition[] = [
  // Version 1 stays deployed for the cases stored on it; new cases open on version 2.
  accountabilityWorkflowV1,
  accountabilityWorkflow,
  // Version 1 of a changed procedure stays deployed, so that cases stored on it still advance,
  // verify and replay; new cases open on the latest version.
  rectificationWorkflowV1,
  rectificationWorkflow,
  inquiryWorkflowV1,
  inquiryWorkflow,
  preliminaryVerificationWorkflow,
  responsibilityListWorkflowV1,
  responsibilityListWorkflowV2,
  responsibilityListWorkflow,
  assessmentWorkflowV1,
  assessmentWorkflow,
];

/** Every role of the service: who may read cases, work on them, attach files and read the catalogue. */
const EVERY_ROLE = [
  'officer',
  'leader',
  'committee',
  'supervisor',
  'integration',
  'admin',
  'principal',
  'disciplineHead',
  'taskOwner',
];

/**
 * The catalogue handed to the service: the procedures, the service's own roles, which roles may use
 * each capability of the service, and the demo users of the development sign-in.
 */
export const CATALOGUE: Catalogue = {
  workflows: WORKFLOWS,
  roles: roles('supervisor', 'admin'),
  access: {
    /** Cross-case audit search. */
    audit: ['supervisor', 'admin'],
    /** Deadlines across cases. */
    deadlines: ['supervisor', 'admin', 'leader', 'officer', 'committee', 'principal', 'disciplineHead'],
    /** Figures and the workflows' reports. */
    stats: ['supervisor', 'admin', 'leader'],
    /** The per-unit, per-year indices (GET /indices), their drill-down and export. */
    indices: ['supervisor', 'admin', 'leader', 'committee', 'principal', 'disciplineHead'],
    /**
     * Prometheus metrics: for the operators who run the service (admin), not for supervisors — the
     * counts span every unit, beyond any supervisor's reach.
     */
    metrics: ['admin'],
    /** Moving a case to another version of its workflow. */
    migrate: ['admin'],
    /** The BullMQ board at /admin/queues. */
    queueBoard: ['admin'],
    /** Reading cases within reach: the list, search and the case view. */
    readCases: EVERY_ROLE,
    /**
     * Opening cases and sending events: every role of the service, as each workflow decides per event
     * (and says why); only tokens with no role at all are kept out here.
     */
    caseWork: EVERY_ROLE,
    /** A case's history, verification and dossier, and subjects' records. */
    readRecords: ['officer', 'leader', 'committee', 'supervisor', 'admin', 'principal', 'disciplineHead'],
    /** The workflow catalogue, the units, and the caller's own profile. */
    catalogue: EVERY_ROLE,
    /** Reading the cadre register (干部名册) of the units within reach (every read is logged). */
    readRegister: ['officer', 'leader', 'committee', 'supervisor', 'admin', 'principal', 'disciplineHead'],
    /**
     * Adding, editing, importing people on the register of a unit within reach, and marking them left:
     * the unit's administrator, who keeps its personnel record.
     */
    manageRegister: ['admin'],
    /** Adding units to the organisation tree. */
    manageUnits: ['admin'],
    /** Attaching files (evidence, receipts, reports) to a case within reach; each file's hash joins the chain. */
    attach: EVERY_ROLE,
    /** Issuing documents (文书: decisions, notices, proofs of delivery) of a case within reach, as PDF. */
    issueDocuments: ['officer', 'leader', 'committee', 'admin'],
    /** Approving (审批/签发) the draft of a document its workflow has approved before issue, with a 批示. */
    approveDocuments: ['leader', 'committee', 'admin'],
    /** Urging (督办) the handling of a case within reach; the urging joins the case's chain. */
    urge: ['supervisor', 'leader', 'admin'],
    /** Who read which records (查阅登记). */
    accessLog: ['supervisor', 'admin'],
    /** One's own notices (通知: new work, 督办, time limits about to lapse) and their live count. */
    notices: EVERY_ROLE,
    /** Registering outbound webhooks for a unit's subtree and reading their delivery log. */
    manageWebhooks: ['admin'],
  },
  devUsers: [
    { sub: 'wang.fang', name: 'Wang Fang 王芳', roles: ['officer'], unit: 'county' },
    { sub: 'li.qiang', name: 'Li Qiang 李强', roles: ['leader'], unit: 'county' },
    { sub: 'zhao.min', name: 'Zhao Min 赵敏', roles: ['committee'], unit: 'county' },
    { sub: 'chen.jing', name: 'Chen Jing 陈静', roles: ['supervisor'], unit: 'city' },
    { sub: 'sun.wei', name: 'Sun Wei 孙伟', roles: ['principal'], unit: 'county' },
    { sub: 'zhou.lan', name: 'Zhou Lan 周兰', roles: ['disciplineHead'], unit: 'county' },
    { sub: 'admin', name: 'Admin 管理员', roles: ['admin'] },
  ],
  devUnits: [
    {
      code: 'province',
      name: '省纪委监委 Provincial Commission',
      shortName: '省纪',
      fullName: '中共青山省纪律检查委员会',
    },
    {
      code: 'city',
      name: '市纪委监委 City Commission',
      shortName: '市纪',
      parentCode: 'province',
      fullName: '中共青州市纪律检查委员会',
    },
    {
      code: 'county',
      name: '县纪委监委 County Commission',
      shortName: '县纪',
      parentCode: 'city',
      fullName: '中共青龙县纪律检查委员会',
    },
  ],
  indices: INDICES,
  terms: TERMS,
  /** What a file attached to a case is: 谈话笔录, 原始材料/举报, 送达回证, 整改报告, 其他. */
  attachmentKinds: ['talkRecord', 'originalReport', 'deliveryReceipt', 'rectificationReport', 'other'],
};
