import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../actor';
import { Clock } from '../clock';
import { ConflictError, EngineErrorCode, ForbiddenError, NotFoundError, UserInputError } from '../errors';
import { escapeLike } from '../persistence/keyset';
import { TransactionRunner } from '../persistence/transaction.runner';
import { DEPARTMENT_PARENT_KINDS, UnitEntity } from '../persistence/unit.entity';
import { UNIT_CODE_PATTERN } from '../payload-fields';
import type { UnitInput, UnitReference } from '../workflow.types';

/** The role that, without a unit, reaches every unit (the service's own administrator). */
export const ADMIN_ROLE = 'admin';

/**
 * Which units a caller reads: all of them (an admin without unit), a subtree (the caller's unit and
 * everything below it), or none (a token without unit).
 */
export type Reach = { kind: 'all' } | { kind: 'subtree'; unit: string; path: string } | { kind: 'none' };

export const UNIT_CODE = new RegExp(UNIT_CODE_PATTERN);

export type NewUnit = UnitInput;

/**
 * Units and the rules of jurisdiction (管辖): who reads a case (its unit's users and those of every
 * unit above), who acts on it (its own unit's users; the units above for events a workflow declares
 * for them). Units are append-only — never moved, renamed or deleted — so their paths are cached forever.
 */
@Injectable()
export class Jurisdiction {
  private readonly paths = new Map<string, string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    /** Writes go through it: on SQLite a transaction of its own would collide with the engine's on the one connection. */
    private readonly tx: TransactionRunner,
  ) {}

  /** The materialised path of a unit; null when there is no such unit. */
  async pathOf(code: string, m: EntityManager = this.db.manager): Promise<string | null> {
    const known = this.paths.get(code);
    if (known) return known;
    const unit = await m.findOneBy(UnitEntity, { code });
    if (unit) this.paths.set(code, unit.path);
    return unit?.path ?? null;
  }

  /**
   * `m`: inside a transaction, its manager. On PostgreSQL a lookup through the pool while the transaction
   * holds a connection could wait forever: with as many transactions as the pool has connections, each
   * waiting for one more (a fresh service, its paths not cached, under load).
   */
  async reach(actor: Actor, m?: EntityManager): Promise<Reach> {
    if (!actor.unit) return actor.roles.includes(ADMIN_ROLE) ? { kind: 'all' } : { kind: 'none' };
    const path = await this.pathOf(actor.unit, m);
    // A unit the service does not know reaches nothing (yet): its cases cannot exist.
    return path ? { kind: 'subtree', unit: actor.unit, path } : { kind: 'none' };
  }

  /** Whether a unit lies in the reach. */
  async reaches(reach: Reach, unitCode: string, m?: EntityManager): Promise<boolean> {
    if (reach.kind !== 'subtree') return reach.kind === 'all';
    if (unitCode === reach.unit) return true;
    const path = await this.pathOf(unitCode, m);
    return path !== null && path.startsWith(reach.path);
  }

  /** A case outside the caller's reach does not exist for them: the same 404 as a missing case. */
  async assertReads(actor: Actor, caseUnit: string, caseId: string, m?: EntityManager): Promise<void> {
    if (!(await this.reaches(await this.reach(actor, m), caseUnit, m))) {
      throw new NotFoundError(EngineErrorCode.CASE_NOT_FOUND, `No case ${caseId}`);
    }
  }

  /**
   * Events come from the case's own unit; `above`: also from the units above it (e.g. a correction by
   * the higher organ). For a case the caller reads (assertReads first): whoever reads it is of its
   * unit or above.
   */
  assertActs(actor: Actor, caseUnit: string, above: boolean): void {
    if (above || actor.unit === caseUnit) return;
    throw new ForbiddenError(
      EngineErrorCode.NOT_OWN_UNIT,
      `Only users of the handling unit (${caseUnit}) act on this case${actor.unit ? `; you are of ${actor.unit}` : ''}`,
    );
  }

  /** The unit a case is opened for: the one asked for (own unit or below), else the caller's own. */
  async unitToOpen(actor: Actor, asked: string | undefined, m?: EntityManager): Promise<string> {
    const code = asked ?? actor.unit;
    if (!code) {
      throw new UserInputError(
        EngineErrorCode.PAYLOAD_INVALID,
        'unitId is required: name the handling unit (your token names no unit)',
      );
    }
    await this.assertExists(code, m);
    if (!(await this.reaches(await this.reach(actor), code))) {
      throw new ForbiddenError(
        EngineErrorCode.UNIT_OUT_OF_REACH,
        `You may open cases only for your unit (${actor.unit ?? 'none'}) or the units below it, not for ${code}`,
      );
    }
    return code;
  }

  async assertExists(code: string, m?: EntityManager): Promise<void> {
    if (!(await this.pathOf(code, m))) {
      throw new UserInputError(EngineErrorCode.UNIT_NOT_FOUND, `No unit ${code}: see GET /units`);
    }
  }

  /**
   * Refuses (400) a unit a payload names that is not below `caseUnit` (the case's handling unit), or
   * not of the kind the reference asks for.
   */
  async assertBelow(refs: readonly UnitReference[], caseUnit: string, m: EntityManager = this.db.manager) {
    if (!refs.length) return;
    const base = await this.pathOf(caseUnit, m);
    for (const ref of refs) {
      const unit = await m.findOneBy(UnitEntity, { code: ref.code });
      const what = ref.kind ?? 'unit';
      const below = unit && base && unit.path.startsWith(base) && unit.path !== base;
      if (!below || (ref.kind !== undefined && unit.kind !== ref.kind)) {
        throw new UserInputError(
          EngineErrorCode.PAYLOAD_INVALID,
          `${ref.field}: there is no ${what} ${ref.code} under the case's unit ${caseUnit} (see GET /units)`,
        );
      }
    }
  }

  /**
   * Adds a unit under its parent (or as a root). A department lies under a committee or government
   * unit; `checkLeader` (in the same transaction) refuses a leader who is not on the parent's register.
   */
  async create(
    input: NewUnit,
    checkLeader?: (m: EntityManager, parentCode: string, leaderRef: string) => Promise<void>,
  ): Promise<UnitEntity> {
    const kind = input.kind ?? 'committee';
    if (input.leaderRef !== undefined && kind !== 'department') {
      throw new UserInputError(
        EngineErrorCode.UNIT_KIND_INVALID,
        `leaderRef (分管领导) is for departments only; this unit is of kind ${kind}`,
      );
    }
    return this.tx.run(async (m) => {
      if (await m.findOneBy(UnitEntity, { code: input.code })) {
        throw new ConflictError(EngineErrorCode.UNIT_EXISTS, `Unit ${input.code} exists already`);
      }
      let parentPath = '/';
      if (input.parentCode !== undefined) {
        const parent = await m.findOneBy(UnitEntity, { code: input.parentCode });
        if (!parent) {
          throw new UserInputError(EngineErrorCode.UNIT_NOT_FOUND, `No parent unit ${input.parentCode}`);
        }
        if (kind === 'department' && !DEPARTMENT_PARENT_KINDS.includes(parent.kind)) {
          throw new UserInputError(
            EngineErrorCode.UNIT_KIND_INVALID,
            `A department lies under a committee or government unit; ${parent.code} is of kind ${parent.kind}`,
          );
        }
        parentPath = parent.path;
      } else if (kind === 'department') {
        throw new UserInputError(
          EngineErrorCode.UNIT_KIND_INVALID,
          'A department lies under a committee or government unit: name it as parentCode',
        );
      }
      if (input.leaderRef !== undefined && input.parentCode !== undefined && checkLeader) {
        await checkLeader(m, input.parentCode, input.leaderRef);
      }
      const unit: UnitEntity = {
        code: input.code,
        name: input.name,
        fullName: input.fullName ?? null,
        shortName: input.shortName ?? null,
        parentCode: input.parentCode ?? null,
        path: `${parentPath}${input.code}/`,
        kind,
        leaderRef: input.leaderRef ?? null,
        createdAt: this.clock.now().toISOString(),
      };
      await m.insert(UnitEntity, unit);
      return unit;
    });
  }

  /**
   * Sets (or, with null, clears) a department's overseeing leader; `checkLeader` runs in the same
   * transaction. Kind, name, parent and path never change.
   */
  async setLeader(
    code: string,
    leaderRef: string | null,
    checkLeader: (m: EntityManager, parentCode: string, leaderRef: string) => Promise<void>,
  ): Promise<UnitEntity> {
    return this.tx.run(async (m) => {
      const unit = await m.findOneBy(UnitEntity, { code });
      if (!unit) throw new NotFoundError(EngineErrorCode.UNIT_NOT_FOUND, `No unit ${code}`);
      if (unit.kind !== 'department' || !unit.parentCode) {
        throw new UserInputError(
          EngineErrorCode.UNIT_KIND_INVALID,
          `leaderRef (分管领导) is for departments only; ${code} is of kind ${unit.kind}`,
        );
      }
      if (leaderRef !== null) await checkLeader(m, unit.parentCode, leaderRef);
      await m.update(UnitEntity, { code }, { leaderRef });
      return { ...unit, leaderRef };
    });
  }

  /** Creates the units that are missing (development users, test fixtures); existing ones are left alone. */
  async ensure(units: readonly NewUnit[]): Promise<void> {
    for (const unit of units) {
      if (await this.pathOf(unit.code)) continue;
      try {
        await this.create(unit);
      } catch (error) {
        // Created meanwhile by another process (a conflict, or the key's unique violation): fine.
        if (!(await this.pathOf(unit.code))) throw error;
      }
    }
  }

  list(): Promise<UnitEntity[]> {
    return this.db.manager.find(UnitEntity, { order: { path: 'ASC' } });
  }

  /**
   * The reach as a condition for a newest-first page walked along a time index (case list, audit,
   * inbox). A reach of one unit is an equality the (unit, time) index answers in order. A reach of
   * several units is checked on each row as the time index is walked: `(column || '')` keeps the
   * planner from collecting every case of every unit through the unit index and sorting them all (at
   * 1,000,000 cases that sort was the whole cost of a page). `column` may be a scalar subquery (the
   * audit reads the unit of each history row's case).
   */
  async pageCondition(
    reach: Reach,
    column: string,
    param = 'reachPrefix',
  ): Promise<{ sql: string; params: Record<string, string> }> {
    if (reach.kind !== 'subtree') return reachCondition(reach, column, param);
    const prefix = `${escapeLike(reach.path)}%`;
    const units = await this.db.manager
      .createQueryBuilder(UnitEntity, 'u')
      .select('u.code', 'code')
      .where("u.path LIKE :prefix ESCAPE '\\'", { prefix })
      .limit(2)
      .getRawMany<{ code: string }>();
    if (units.length === 1 && units[0].code === reach.unit) {
      return { sql: `${column} = :${param}`, params: { [param]: reach.unit } };
    }
    return {
      sql: `(${column} || '') IN (SELECT ru.code FROM unit ru WHERE ru.path LIKE :${param} ESCAPE '\\')`,
      params: { [param]: prefix },
    };
  }

  /** The codes in a reach (for `GET /me`); every code for `all`. */
  async codes(reach: Reach): Promise<string[] | 'all'> {
    if (reach.kind === 'all') return 'all';
    if (reach.kind === 'none') return [];
    const units = await this.db.manager
      .createQueryBuilder(UnitEntity, 'u')
      .where("u.path LIKE :prefix ESCAPE '\\'", { prefix: `${escapeLike(reach.path)}%` })
      .orderBy('u.path')
      .getMany();
    return units.map((u) => u.code);
  }
}

/**
 * A condition on a unit column for query builders: the rows whose unit is in reach. `column` is a
 * qualified column holding a unit code (e.g. `c.unit_id`); `param` names the bound prefix (two in one query).
 */
export function reachCondition(
  reach: Reach,
  column: string,
  param = 'reachPrefix',
): { sql: string; params: Record<string, string> } {
  if (reach.kind === 'all') return { sql: '1 = 1', params: {} };
  if (reach.kind === 'none') return { sql: '1 = 0', params: {} };
  return {
    sql: `${column} IN (SELECT ru.code FROM unit ru WHERE ru.path LIKE :${param} ESCAPE '\\')`,
    params: { [param]: `${escapeLike(reach.path)}%` },
  };
}
