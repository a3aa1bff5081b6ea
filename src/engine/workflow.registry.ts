import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, EngineErrorCode, UserInputError } from './errors';
import { documentProblems } from './document.check';
import { isRecordEvent } from './history/record-event';
import type { AccessPolicy, Catalogue, RoleDeclaration, WorkflowDefinition } from './workflow.types';

export const WORKFLOW_CATALOGUE = Symbol('WORKFLOW_CATALOGUE');

/** The procedure catalogue. The engine finds machines only through here; what it declares is checked at start. */
@Injectable()
export class WorkflowRegistry {
  private readonly byKey = new Map<string, WorkflowDefinition>();
  private readonly latestByName = new Map<string, WorkflowDefinition>();
  private readonly roleById = new Map<string, RoleDeclaration>();
  readonly access: AccessPolicy;
  /** The kinds of file a case may have attached (the catalogue's, or just `other`). */
  readonly attachmentKinds: readonly string[];

  constructor(@Inject(WORKFLOW_CATALOGUE) catalogue: Catalogue) {
    for (const role of catalogue.roles) this.roleById.set(role.id, role);
    for (const wf of catalogue.workflows) this.register(wf);
    this.access = catalogue.access;
    this.attachmentKinds = catalogue.attachmentKinds?.length ? catalogue.attachmentKinds : ['other'];
    for (const [capability, roles] of Object.entries(catalogue.access)) {
      this.checkRoles(`access to ${capability}`, roles);
    }
  }

  private register(wf: WorkflowDefinition): void {
    const key = `${wf.name}@${wf.version}`;
    if (this.byKey.has(key)) throw new Error(`Workflow ${key} is registered twice`);
    for (const role of wf.roles) this.roleById.set(role.id, this.roleById.get(role.id) ?? role);
    checkConsistency(wf);
    this.byKey.set(key, wf);
    const latest = this.latestByName.get(wf.name);
    if (!latest || latest.version < wf.version) this.latestByName.set(wf.name, wf);
  }

  private checkRoles(what: string, roles: readonly string[]): void {
    const unknown = roles.filter((r) => !this.roleById.has(r));
    if (unknown.length) throw new Error(`${what} names undeclared roles: ${unknown.join(', ')}`);
  }

  /** Every role the catalogue declares: what tokens may carry. */
  roles(): RoleDeclaration[] {
    return [...this.roleById.values()];
  }

  /** Roles that may use a capability of the service; an undeclared capability is a start-up error. */
  rolesFor(capability: string): readonly string[] {
    const roles = this.access[capability];
    if (!roles) throw new Error(`The catalogue declares no access for "${capability}"`);
    return roles;
  }

  all(): WorkflowDefinition[] {
    return [...this.latestByName.values()];
  }

  everyVersion(): WorkflowDefinition[] {
    return [...this.byKey.values()];
  }

  versions(name: string): number[] {
    return this.everyVersion()
      .filter((wf) => wf.name === name)
      .map((wf) => wf.version)
      .sort((a, b) => a - b);
  }

  latest(name: string): WorkflowDefinition {
    const wf = this.find(name);
    if (!wf) throw this.unknown(name);
    return wf;
  }

  find(name: string): WorkflowDefinition | undefined {
    return this.latestByName.get(name);
  }

  unknown(name: string): UserInputError {
    return new UserInputError(EngineErrorCode.WORKFLOW_NOT_FOUND, `Unknown workflow "${name}"`, {
      known: [...this.latestByName.keys()],
    });
  }

  get(name: string, version: number): WorkflowDefinition {
    const wf = this.byKey.get(`${name}@${version}`);
    if (!wf) {
      throw new ConflictError(
        EngineErrorCode.SNAPSHOT_INCOMPATIBLE,
        `Workflow ${name} version ${version} is not deployed; the case cannot be advanced`,
        { deployed: this.versions(name) },
      );
    }
    return wf;
  }
}

/** Refuse to start with a workflow whose declarations and machine disagree. */
function checkConsistency(wf: WorkflowDefinition): void {
  const problems: string[] = [];
  const delays = Object.keys(wf.machine.implementations.delays ?? {});
  const missing = delays.filter((d) => !wf.deadlines[d]);
  if (missing.length) problems.push(`no deadline policy for delays ${missing.join(', ')}`);
  const unused = Object.keys(wf.deadlines).filter((d) => !delays.includes(d));
  if (unused.length) problems.push(`deadline policies for delays the machine lacks: ${unused.join(', ')}`);
  const machineEvents = new Set(wf.machine.events);
  const unknown = Object.keys(wf.events).filter((e) => !machineEvents.has(e));
  if (unknown.length) problems.push(`events ${unknown.join(', ')} are not in the machine`);
  const recordNamed = [...machineEvents].filter(isRecordEvent);
  if (recordNamed.length) problems.push(`events ${recordNamed.join(', ')} take the record prefix`);
  const linked = Object.keys(wf.linkedEvents ?? {});
  const linkedUnknown = linked.filter((e) => !machineEvents.has(e));
  if (linkedUnknown.length) problems.push(`linked events ${linkedUnknown.join(', ')} are not in the machine`);
  const both = linked.filter((e) => Object.hasOwn(wf.events, e));
  if (both.length)
    problems.push(`events ${both.join(', ')} are declared both for users and as linked events`);
  const beside = Object.values(wf.events).flatMap((e) =>
    e.showBeside && !Object.hasOwn(wf.events, e.showBeside) ? [e.showBeside] : [],
  );
  if (beside.length) problems.push(`showBeside names undeclared events: ${beside.join(', ')}`);
  const declared = new Set(wf.roles.map((r) => r.id));
  const named = [...wf.open.roles, ...Object.values(wf.events).flatMap((e) => e.roles)];
  const undeclared = [...new Set(named.filter((r) => !declared.has(r)))];
  if (undeclared.length) problems.push(`roles ${undeclared.join(', ')} are not declared in its roles`);
  problems.push(...documentProblems(wf), ...ruleProblems(wf));
  if (problems.length) throw new Error(`Workflow ${wf.name}@${wf.version}: ${problems.join('; ')}`);
}

/** Rules name guards the machine has, and no two rules share an id. */
function ruleProblems(wf: WorkflowDefinition): string[] {
  const rules = wf.rules?.list ?? [];
  const problems: string[] = [];
  const ids = rules.map((r) => r.id);
  const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  if (repeated.length) problems.push(`rule ids ${repeated.join(', ')} repeat`);
  const guards = new Set(Object.keys(wf.machine.implementations.guards ?? {}));
  for (const rule of rules) {
    const missing = (rule.guards ?? []).filter((g) => !guards.has(g));
    if (missing.length)
      problems.push(`rule ${rule.id} names guards the machine lacks: ${missing.join(', ')}`);
  }
  return problems;
}
