import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, In } from 'typeorm';
import { EngineErrorCode, IllegalOperationError } from '../engine/errors';
import { readPrepared } from '../engine/persistence/prepared-statements';
import { UnitEntity } from '../engine/persistence/unit.entity';
import { Jurisdiction } from '../engine/units/jurisdiction';
import { CadreEntity } from './cadre.entity';
import type { CadreRecord, LinkedCadre } from './register.types';

/**
 * A person on the registers of a unit and those below it, by ref and the path's first characters (`?`
 * placeholders). Not `path LIKE ?`: with the pattern bound, SQLite prepares the statement again at every
 * run (to try its LIKE optimisation), 6-13 µs where the whole lookup takes 3; every full view asks this.
 */
const LINKED_SQL = `SELECT c.id AS id, c.ref AS ref, c.name AS name, c.post AS post, c.rank AS rank,
    c.status AS status, u.code AS "unitCode", u.name AS "unitName", u.path AS path
  FROM cadre c INNER JOIN unit u ON u.code = c.unit_code
  WHERE c.ref = ? AND substr(u.path, 1, ?) = ?`;

/**
 * What other modules read of the registers, without a caller's reach (they apply their own): the people
 * on units' registers, a case subject's register entry, departments' leaders (分管领导).
 */
@Injectable()
export class CadreLookup {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jurisdiction: Jurisdiction,
  ) {}

  /**
   * The people on these units' registers (each unit's own, not those below): those active now, or with
   * `asOf`, those on the register then (added on or before it and not left by then).
   */
  async cadresOf(unitCodes: readonly string[], asOf?: Date | string): Promise<CadreRecord[]> {
    if (!unitCodes.length) return [];
    const out: CadreRecord[] = [];
    for (let i = 0; i < unitCodes.length; i += 500) {
      const qb = this.db.manager
        .createQueryBuilder(CadreEntity, 'c')
        .where('c.unit_code IN (:...codes)', { codes: unitCodes.slice(i, i + 500) });
      if (asOf === undefined) qb.andWhere("c.status = 'active'");
      else {
        const at = new Date(asOf).toISOString();
        qb.andWhere('c.created_at <= :at', { at }).andWhere(
          new Brackets((b) => b.where('c.left_at IS NULL').orWhere('c.left_at > :at', { at })),
        );
      }
      out.push(...(await qb.orderBy('c.unit_code').addOrderBy('c.ref').getMany()).map(record));
    }
    return out;
  }

  /**
   * The register entry of a case's individual subject: the person with this ref on the register of the
   * case's unit or of a unit below it (the case's own unit first, an active entry before one that left).
   */
  async linkedCadre(ref: string, unitCode: string): Promise<LinkedCadre | null> {
    const path = await this.jurisdiction.pathOf(unitCode);
    if (!path) return null;
    // Plain SQL, prepared once: every full view of a case asks this (TypeORM's builder cost more than the query).
    // substr counts characters (code points) on both stores
    const params = [ref, [...path].length, path];
    const rows = await readPrepared<LinkedRow>(this.db, LINKED_SQL, params);
    rows.sort(
      (a, b) =>
        Number(a.status !== 'active') - Number(b.status !== 'active') ||
        a.path.length - b.path.length ||
        a.unitCode.localeCompare(b.unitCode),
    );
    const c = rows[0];
    return c
      ? {
          id: c.id,
          ref: c.ref,
          name: c.name,
          post: c.post,
          rank: c.rank,
          status: c.status,
          unit: { code: c.unitCode, name: c.unitName },
        }
      : null;
  }

  /** For a department's leader (分管领导): 422 unless the ref is active on the register of the unit above. */
  async assertLeader(m: EntityManager, parentCode: string, leaderRef: string): Promise<void> {
    const cadre = await m.findOneBy(CadreEntity, { unitCode: parentCode, ref: leaderRef });
    if (!cadre || cadre.status !== 'active') {
      throw new IllegalOperationError(
        EngineErrorCode.LEADER_NOT_ON_REGISTER,
        cadre
          ? `${cadre.name} (${leaderRef}) has left the register of ${parentCode}: a department's leader (分管领导) is an active cadre of the unit above`
          : `No cadre ${leaderRef} on the register of ${parentCode}: a department's leader (分管领导) is on the register of the unit above (GET /units/${parentCode}/cadres)`,
        { leaderRef, unit: parentCode },
      );
    }
  }

  /** The leaders (分管领导) of these departments, by department code, as the register names them. */
  async leadersOf(units: readonly UnitEntity[]): Promise<Map<string, CadreRecord>> {
    const wanted = units.filter((u) => u.leaderRef && u.parentCode);
    const out = new Map<string, CadreRecord>();
    if (!wanted.length) return out;
    const refs = [...new Set(wanted.map((u) => u.leaderRef!))];
    const found: CadreEntity[] = [];
    for (let i = 0; i < refs.length; i += 500) {
      found.push(...(await this.db.manager.findBy(CadreEntity, { ref: In(refs.slice(i, i + 500)) })));
    }
    const byKey = new Map(found.map((c) => [`${c.unitCode}\u0000${c.ref}`, c]));
    for (const u of wanted) {
      const c = byKey.get(`${u.parentCode}\u0000${u.leaderRef}`);
      if (c) out.set(u.code, record(c));
    }
    return out;
  }
}

/** What other modules get of a register entry. */
export function record(c: CadreEntity): CadreRecord {
  return {
    id: c.id,
    unitCode: c.unitCode,
    ref: c.ref,
    name: c.name,
    post: c.post,
    rank: c.rank,
    departmentCode: c.departmentCode,
    status: c.status,
    leftAt: c.leftAt,
  };
}

/** A row of the register lookup: the entry and its unit, flat. */
interface LinkedRow extends Omit<LinkedCadre, 'unit'> {
  unitCode: string;
  unitName: string;
  path: string;
}
