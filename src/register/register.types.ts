import type { CadreStatus } from './cadre.entity';
import type { RegisterColumn } from './register-file';

/** What other modules get of a person on a register. */
export interface CadreRecord {
  id: string;
  unitCode: string;
  ref: string;
  name: string;
  post: string | null;
  rank: string | null;
  departmentCode: string | null;
  status: CadreStatus;
  leftAt: string | null;
}

export interface CadreView extends CadreRecord {
  department: { code: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** The register entry a case's individual subject is (by ref, on the register of the case's unit or one below). */
export interface LinkedCadre {
  id: string;
  ref: string;
  name: string;
  post: string | null;
  rank: string | null;
  status: CadreStatus;
  unit: { code: string; name: string };
}

export interface NewCadre {
  ref: string;
  name: string;
  post?: string | null;
  rank?: string | null;
  departmentCode?: string | null;
}

/** A row of an import as it is added. */
export interface ImportRow {
  ref: string;
  name: string;
  post: string | null;
  rank: string | null;
  departmentCode: string | null;
}

export interface CadreChanges {
  name?: string;
  post?: string | null;
  rank?: string | null;
  departmentCode?: string | null;
  status?: CadreStatus;
}

export interface CadreListQuery {
  q?: string;
  status?: CadreStatus | 'all';
  departmentCode?: string;
  limit: number;
  cursor?: string;
}

/** Why one row of an import is refused. */
export type RowProblem = 'missing' | 'tooLong' | 'duplicateInFile' | 'onRegister' | 'unknownDepartment';

export interface RowRefusal {
  /** The row number as the spreadsheet shows it (the header is usually row 1). */
  row: number;
  /** The register's column (name, ref, post, rank, department) and the header it has in the file's form. */
  column: RegisterColumn;
  header: string;
  value: string | null;
  problem: RowProblem;
  reason: string;
  /** For a ref twice in the file: the row where it is first. */
  otherRow?: number;
}

export interface ImportResult {
  dryRun: boolean;
  format: 'xlsx' | 'csv';
  /** Rows read (without the header and empty rows). */
  rows: number;
  /** Rows added to the register (0 on a dry run). */
  imported: number;
  ignoredColumns: string[];
  /** The first rows as they would be (or were) added. */
  preview: ImportRow[];
}
