import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, type EntityManager, In } from 'typeorm';
import type { Actor } from '../engine/actor';
import { Clock } from '../engine/clock';
import {
  ConflictError,
  EngineErrorCode,
  IllegalOperationError,
  NotFoundError,
  UserInputError,
} from '../engine/errors';
import { isUniqueViolation } from '../engine/persistence/driver-errors';
import { escapeLike } from '../engine/persistence/keyset';
import { TransactionRunner } from '../engine/persistence/transaction.runner';
import { UnitEntity } from '../engine/persistence/unit.entity';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { CadreEntity } from './cadre.entity';
import type { RegisterSheet } from './register-file';
import { record } from './register.lookup';
import { checkRegisterRows } from './register-import.check';
import type { CadreChanges, CadreListQuery, CadreView, ImportResult, NewCadre } from './register.types';

export const MAX_IMPORT_ROWS = 20_000;
const CHUNK = 200;

/**
 * The cadre register (干部名册) of each unit: read and written within the caller's reach (a unit
 * outside it is 404, like a case), imported from the spreadsheets such offices keep, all or nothing.
 */
@Injectable()
export class CadreRegisterService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly jurisdiction: Jurisdiction,
    /** Writes go through it: on SQLite a transaction of its own would collide with the engine's on the one connection. */
    private readonly tx: TransactionRunner,
  ) {}

  /** The unit, when it is within the caller's reach; 404 otherwise (as when it does not exist). */
  async unitInReach(actor: Actor, code: string, m: EntityManager = this.db.manager): Promise<UnitEntity> {
    const unit = await m.findOneBy(UnitEntity, { code });
    // m: inside a transaction its own connection (a read through the pool there could wait forever)
    if (!unit || !(await this.jurisdiction.reaches(await this.jurisdiction.reach(actor, m), code, m))) {
      throw new NotFoundError(EngineErrorCode.UNIT_NOT_FOUND, `No unit ${code}`);
    }
    return unit;
  }

  /** A unit's register, ordered by ref; `q` matches name or ref (contains, any case). */
  async list(
    actor: Actor,
    code: string,
    query: CadreListQuery,
  ): Promise<{ items: CadreView[]; nextCursor: string | null }> {
    await this.unitInReach(actor, code);
    const qb = this.db.manager.createQueryBuilder(CadreEntity, 'c').where('c.unit_code = :code', { code });
    const status = query.status ?? 'active';
    if (status !== 'all') qb.andWhere('c.status = :status', { status });
    if (query.departmentCode) qb.andWhere('c.department_code = :dept', { dept: query.departmentCode });
    if (query.q) {
      const like = `%${escapeLike(query.q.toLowerCase())}%`;
      qb.andWhere(
        new Brackets((b) =>
          b
            .where("LOWER(c.name) LIKE :like ESCAPE '\\'", { like })
            .orWhere("LOWER(c.ref) LIKE :like ESCAPE '\\'", { like }),
        ),
      );
    }
    if (query.cursor) qb.andWhere('c.ref > :after', { after: decodeCursor(query.cursor) });
    const rows = await qb
      .orderBy('c.ref', 'ASC')
      .limit(query.limit + 1)
      .getMany();
    const page = rows.slice(0, query.limit);
    const next =
      rows.length > query.limit ? Buffer.from(page[page.length - 1].ref).toString('base64url') : null;
    return { items: await this.views(page), nextCursor: next };
  }

  /** How many active cadres the unit's register holds (for a list's header). */
  async count(code: string): Promise<number> {
    return this.db.manager.countBy(CadreEntity, { unitCode: code, status: 'active' });
  }

  async get(actor: Actor, id: string): Promise<CadreView> {
    return (await this.views([await this.cadreInReach(actor, id)]))[0];
  }

  async add(actor: Actor, code: string, input: NewCadre): Promise<CadreView> {
    const saved = await this.tx.run(async (m) => {
      const unit = await this.unitInReach(actor, code, m);
      await this.assertDepartment(m, unit, input.departmentCode ?? null);
      const existing = await m.findOneBy(CadreEntity, { unitCode: code, ref: input.ref });
      if (existing) throw onRegisterAlready(existing);
      const row = this.newRow(code, input);
      await m.insert(CadreEntity, row);
      return row;
    });
    return (await this.views([saved]))[0];
  }

  /** Changes a person's entry; the ref is the identifier and does not change. `status: left` records the date. */
  async update(actor: Actor, id: string, changes: CadreChanges): Promise<CadreView> {
    const saved = await this.tx.run(async (m) => {
      const row = await this.cadreInReach(actor, id, m);
      const unit = await m.findOneByOrFail(UnitEntity, { code: row.unitCode });
      if (changes.departmentCode !== undefined) await this.assertDepartment(m, unit, changes.departmentCode);
      const now = this.clock.now().toISOString();
      const next: CadreEntity = { ...row, updatedAt: now };
      if (changes.name !== undefined) next.name = changes.name;
      if (changes.post !== undefined) next.post = changes.post;
      if (changes.rank !== undefined) next.rank = changes.rank;
      if (changes.departmentCode !== undefined) next.departmentCode = changes.departmentCode;
      if (changes.status !== undefined && changes.status !== row.status) {
        next.status = changes.status;
        next.leftAt = changes.status === 'left' ? now : null;
      }
      // inside the runner's transaction already: save would try to open one of its own
      await m.save(CadreEntity, next, { transaction: false });
      return next;
    });
    return (await this.views([saved]))[0];
  }

  /**
   * Checks every row of a register file and, when none is refused and it is no dry run, adds them all
   * in one transaction. Any refused row: 422 listing each (row, column, value, reason), nothing written.
   */
  async import(actor: Actor, code: string, sheet: RegisterSheet, dryRun: boolean): Promise<ImportResult> {
    if (sheet.rows.length === 0) {
      throw new UserInputError(
        EngineErrorCode.PAYLOAD_INVALID,
        'The file has a header row but no rows of people',
      );
    }
    if (sheet.rows.length > MAX_IMPORT_ROWS) {
      throw new UserInputError(
        EngineErrorCode.PAYLOAD_INVALID,
        `The file has ${sheet.rows.length} rows; one import takes at most ${MAX_IMPORT_ROWS}`,
      );
    }
    return this.tx.run(async (m) => {
      const unit = await this.unitInReach(actor, code, m);
      const departments = await this.departmentsOf(m, unit.code);
      const refs = [...new Set(sheet.rows.map((r) => r.cells.ref).filter((r): r is string => !!r))];
      const onRegister = new Map<string, CadreEntity>();
      for (let i = 0; i < refs.length; i += 500) {
        const found = await m.findBy(CadreEntity, { unitCode: code, ref: In(refs.slice(i, i + 500)) });
        for (const c of found) onRegister.set(c.ref, c);
      }
      const { accepted, refusals } = checkRegisterRows(sheet, unit.code, departments, onRegister);
      if (refusals.length) {
        const rows = new Set(refusals.map((r) => r.row)).size;
        throw new IllegalOperationError(
          EngineErrorCode.ROWS_REFUSED,
          `${rows} of ${sheet.rows.length} rows are refused; nothing was imported: ` +
            refusals
              .slice(0, 5)
              .map((r) => `row ${r.row}, ${r.header}: ${r.reason}`)
              .join('; ') +
            (refusals.length > 5 ? `; and ${refusals.length - 5} more (see details.refused)` : ''),
          { refused: refusals, rows: sheet.rows.length, refusedRows: rows, dryRun },
        );
      }
      const result: ImportResult = {
        dryRun,
        format: sheet.format,
        rows: sheet.rows.length,
        imported: dryRun ? 0 : accepted.length,
        ignoredColumns: sheet.ignoredColumns,
        preview: accepted.slice(0, 10),
      };
      if (dryRun) return result;
      const rows = accepted.map((a) => this.newRow(code, a));
      try {
        for (let i = 0; i < rows.length; i += CHUNK) await m.insert(CadreEntity, rows.slice(i, i + CHUNK));
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new ConflictError(
            EngineErrorCode.CADRE_EXISTS,
            'Someone added some of these people to the register meanwhile; nothing was imported: try again',
          );
        }
        throw error;
      }
      return result;
    });
  }

  private async cadreInReach(
    actor: Actor,
    id: string,
    m: EntityManager = this.db.manager,
  ): Promise<CadreEntity> {
    const row = await m.findOneBy(CadreEntity, { id });
    if (
      !row ||
      !(await this.jurisdiction.reaches(await this.jurisdiction.reach(actor, m), row.unitCode, m))
    ) {
      throw new NotFoundError(EngineErrorCode.CADRE_NOT_FOUND, `No cadre ${id}`);
    }
    return row;
  }

  /** The unit's departments, by code, by name and by lower-cased code. */
  private async departmentsOf(m: EntityManager, code: string): Promise<Map<string, UnitEntity>> {
    const units = await m.findBy(UnitEntity, { parentCode: code, kind: 'department' });
    const out = new Map<string, UnitEntity>();
    for (const u of units) {
      out.set(u.code, u);
      out.set(u.code.toLowerCase(), u);
      out.set(u.name, u);
    }
    return out;
  }

  private async assertDepartment(
    m: EntityManager,
    unit: UnitEntity,
    departmentCode: string | null,
  ): Promise<void> {
    if (departmentCode === null) return;
    const dept = await m.findOneBy(UnitEntity, { code: departmentCode });
    if (!dept || dept.kind !== 'department' || dept.parentCode !== unit.code) {
      throw new UserInputError(
        EngineErrorCode.UNIT_NOT_FOUND,
        `${unit.code} has no department ${departmentCode}: a cadre's department is a unit of kind department directly under their unit`,
      );
    }
  }

  private newRow(unitCode: string, input: NewCadre): CadreEntity {
    const now = this.clock.now().toISOString();
    return {
      id: randomUUID(),
      unitCode,
      ref: input.ref,
      name: input.name,
      post: input.post ?? null,
      rank: input.rank ?? null,
      departmentCode: input.departmentCode ?? null,
      status: 'active',
      leftAt: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  private async views(rows: CadreEntity[]): Promise<CadreView[]> {
    const codes = [...new Set(rows.map((r) => r.departmentCode).filter((c): c is string => !!c))];
    const depts = codes.length ? await this.db.manager.findBy(UnitEntity, { code: In(codes) }) : [];
    const name = new Map(depts.map((d) => [d.code, d.name]));
    return rows.map((r) => ({
      ...record(r),
      department: r.departmentCode
        ? { code: r.departmentCode, name: name.get(r.departmentCode) ?? r.departmentCode }
        : null,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    }));
  }
}

function onRegisterAlready(c: CadreEntity): ConflictError {
  return new ConflictError(
    EngineErrorCode.CADRE_EXISTS,
    `${c.ref} is on the register of ${c.unitCode} already (${c.name}${c.status === 'left' ? ', left' : ''}): edit that entry (PATCH /cadres/${c.id})`,
    { id: c.id },
  );
}

function decodeCursor(cursor: string): string {
  const ref = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!ref) throw new UserInputError(EngineErrorCode.PAYLOAD_INVALID, 'cursor is not one this list gave');
  return ref;
}
