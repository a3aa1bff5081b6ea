import type { Label } from './event.types';

/** Roles that may use a capability of the service (audit, deadlines, stats, …), by capability name. */
export type AccessPolicy = Record<string, readonly string[]>;

/** A demo user for the development sign-in (never used when NODE_ENV=production). */
export interface DevUser {
  sub: string;
  name: string;
  roles: string[];
  /** The unit code the demo user works for; an admin may have none (reaches every unit). */
  unit?: string;
}

/** A unit of the organisation tree, named by its code. */
export interface UnitInput {
  code: string;
  name: string;
  /** The full name documents are headed and signed with (全称), e.g. 中共青龙县纪律检查委员会. */
  fullName?: string;
  /** The short name (简称) that heads the unit's case numbers (e.g. 县纪); the name when absent. */
  shortName?: string;
  parentCode?: string;
  /** committee (the default), government, department (under a committee or government unit) or other. */
  kind?: 'committee' | 'government' | 'department' | 'other';
  /** A department's overseeing leader (分管领导): a ref on the register of the unit above. */
  leaderRef?: string;
}

/** Chinese and English names of what the workflows' cases hold, for the tables the service writes. */
export interface CatalogueTerms {
  /** A workflow's name (问责, 整改督办, …). */
  workflow(name: string): Label | undefined;
  /** A stage: a state path (parallel paths comma-separated), named as the workbench names it. */
  state(workflow: string, path: string): Label;
  /** A deadline's kind. */
  deadline(workflow: string, kind: string): Label | undefined;
  /** A value of the workflow's data (an outcome, a measure type, …). */
  value(workflow: string, key: string): Label | undefined;
  /** A history row's type (an event, a deadline's firing, a record), named as the workbench's timeline names it. */
  event(workflow: string, type: string): Label;
}
