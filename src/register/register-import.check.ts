import type { UnitEntity } from '../engine/persistence/unit.entity';
import type { CadreEntity } from './cadre.entity';
import { REGISTER_COLUMNS, type RegisterColumn, type RegisterSheet } from './register-file';
import type { ImportRow, RowProblem, RowRefusal } from './register.types';

const LIMITS: Record<RegisterColumn, number> = { name: 200, ref: 200, post: 200, rank: 64, department: 200 };

/**
 * Checks every row of a register file against the register and the unit's departments: the rows that
 * would be added, and every refusal (row, column, value, reason) — an import adds all or nothing.
 */
export function checkRegisterRows(
  sheet: RegisterSheet,
  unitCode: string,
  departments: ReadonlyMap<string, UnitEntity>,
  onRegister: ReadonlyMap<string, CadreEntity>,
): { accepted: ImportRow[]; refusals: RowRefusal[] } {
  const refusals: RowRefusal[] = [];
  const firstRowOf = new Map<string, number>();
  const accepted: ImportRow[] = [];
  for (const { row, cells } of sheet.rows) {
    const refuse = (column: RegisterColumn, problem: RowProblem, reason: string, otherRow?: number) =>
      refusals.push({
        row,
        column,
        header: REGISTER_COLUMNS[column][0],
        value: cells[column] ?? null,
        problem,
        reason,
        ...(otherRow !== undefined && { otherRow }),
      });
    const before = refusals.length;
    for (const column of ['name', 'ref'] as const) {
      if (!cells[column])
        refuse(column, 'missing', `${column === 'name' ? 'The name (姓名)' : 'The ref (人员编号)'} is empty`);
    }
    for (const column of Object.keys(LIMITS) as RegisterColumn[]) {
      const value = cells[column];
      if (value && value.length > LIMITS[column]) {
        refuse(column, 'tooLong', `${value.length} characters; at most ${LIMITS[column]}`);
      }
    }
    const ref = cells.ref;
    if (ref) {
      const first = firstRowOf.get(ref);
      if (first !== undefined)
        refuse('ref', 'duplicateInFile', `The ref ${ref} is also on row ${first} of the file`, first);
      else firstRowOf.set(ref, row);
      const known = onRegister.get(ref);
      if (known) {
        refuse(
          'ref',
          'onRegister',
          `The ref ${ref} is on the register already (${known.name}${known.status === 'left' ? ', left' : ''}): edit that entry instead`,
        );
      }
    }
    let departmentCode: string | null = null;
    if (cells.department) {
      const dept = departments.get(cells.department) ?? departments.get(cells.department.toLowerCase());
      if (!dept) {
        refuse(
          'department',
          'unknownDepartment',
          `${unitCode} has no department ${cells.department}` +
            (departments.size ? '' : ' (it has no departments: add them as units of kind department)'),
        );
      } else departmentCode = dept.code;
    }
    if (refusals.length === before) {
      accepted.push({
        ref: ref!,
        name: cells.name!,
        post: cells.post ?? null,
        rank: cells.rank ?? null,
        departmentCode,
      });
    }
  }
  return { accepted, refusals };
}
