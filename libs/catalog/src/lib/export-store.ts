import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { asConflict } from './catalog-errors';
import type { CatalogSchema, ExportState, ExportsTable } from './catalog-schema';
import { fromJsonColumn, toJsonColumn } from './column-values';

/** An export of a time range of one or more cameras into one file. */
export interface ExportRow {
  id: string;
  filename: string;
  camera_ids: string[];
  start_ms: number;
  end_ms: number;
  state: ExportState;
  /** 0–1. */
  progress: number;
  bytes: number;
  error: string | null;
  created_at: number;
}

export interface NewExport {
  /** A UUID is made when absent. */
  id?: string;
  filename: string;
  camera_ids: string[];
  start_ms: number;
  end_ms: number;
  state?: ExportState;
}

export type ExportChanges = Pick<
  Updateable<ExportsTable>,
  'state' | 'progress' | 'bytes' | 'error'
>;

export class ExportStore {
  constructor(
    private readonly db: Kysely<CatalogSchema>,
    private readonly now: () => number,
  ) {}

  /** @throws CatalogConflictError (`filename` or `id`) when either is taken. */
  async insert(fields: NewExport): Promise<ExportRow> {
    const id = fields.id ?? randomUUID();
    try {
      const row = await this.db
        .insertInto('exports')
        .values({
          id,
          filename: fields.filename,
          camera_ids: toJsonColumn(fields.camera_ids),
          start_ms: fields.start_ms,
          end_ms: fields.end_ms,
          state: fields.state ?? 'pending',
          progress: 0,
          bytes: 0,
          error: null,
          created_at: this.now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toExportRow(row);
    } catch (error) {
      const byName = asConflict(
        error,
        'filename',
        'filename',
        `an export ${fields.filename} already exists`,
      );
      throw byName === error
        ? asConflict(error, 'id', 'id', `an export with id ${id} already exists`)
        : byName;
    }
  }

  /** Undefined when there is no such export. */
  async update(id: string, changes: ExportChanges): Promise<ExportRow | undefined> {
    if (Object.values(changes).every((value) => value === undefined)) return this.get(id);
    const row = await this.db
      .updateTable('exports')
      .set(changes)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toExportRow(row);
  }

  async get(id: string): Promise<ExportRow | undefined> {
    const row = await this.db
      .selectFrom('exports')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toExportRow(row);
  }

  /** Newest first. */
  async list(options: { limit?: number } = {}): Promise<ExportRow[]> {
    let query = this.db
      .selectFrom('exports')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id');
    if (options.limit !== undefined) query = query.limit(options.limit);
    return (await query.execute()).map(toExportRow);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('exports').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}

function toExportRow(row: Selectable<ExportsTable>): ExportRow {
  return { ...row, camera_ids: fromJsonColumn(row.camera_ids) as string[] };
}
