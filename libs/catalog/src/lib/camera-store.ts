import type { CameraRecordMode, MjpegStorage } from '@camrec/shared-types';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { newCameraId } from './camera-id';
import { asConflict } from './catalog-errors';
import type { CamerasTable, CatalogSchema } from './catalog-schema';
import { fromFlagColumn, fromJsonColumn, toFlagColumn, toJsonColumn } from './column-values';

/** A saved camera as the stores return it (flags as booleans, motion settings parsed). */
export interface CameraRow {
  id: string;
  name: string;
  /** With credentials. */
  url: string;
  substream_url: string | null;
  enabled: boolean;
  record_mode: CameraRecordMode;
  segment_s: number;
  mjpeg_storage: MjpegStorage;
  insecure_tls: boolean;
  /** The motion settings object, as the caller stored it. */
  motion: unknown;
  /** The ONVIF device service kept for PTZ, and its user; all null for a camera without. */
  onvif_address: string | null;
  onvif_username: string | null;
  /** As typed: masking is the caller's job. */
  onvif_password: string | null;
  created_at: number;
  updated_at: number;
  /** Set once the camera is deleted; its recordings keep pointing at it. */
  deleted_at: number | null;
}

/** What `insert` needs; the rest takes the defaults of `POST /cameras`. */
export interface NewCamera {
  /** Chosen by the caller when it needs the id before the row exists (see `newCameraId`). */
  id?: string;
  name: string;
  url: string;
  substream_url?: string | null;
  enabled?: boolean;
  record_mode?: CameraRecordMode;
  segment_s?: number;
  mjpeg_storage?: MjpegStorage;
  insecure_tls?: boolean;
  motion: unknown;
  onvif_address?: string | null;
  onvif_username?: string | null;
  onvif_password?: string | null;
}

export type CameraChanges = Partial<Omit<NewCamera, 'id'>>;

/** Saved cameras. Deleting is soft, so that segments and clips stay attributable. */
export class CameraStore {
  constructor(
    private readonly db: Kysely<CatalogSchema>,
    private readonly now: () => number,
  ) {}

  /** Cameras not deleted, oldest first (the order people added them). */
  async list(): Promise<CameraRow[]> {
    const rows = await this.db
      .selectFrom('cameras')
      .selectAll()
      .where('deleted_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toCameraRow);
  }

  async get(id: string): Promise<CameraRow | undefined> {
    const row = await this.db
      .selectFrom('cameras')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row && toCameraRow(row);
  }

  /** Also a deleted camera: to name the camera of an old recording. */
  async getIncludingDeleted(id: string): Promise<CameraRow | undefined> {
    const row = await this.db
      .selectFrom('cameras')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toCameraRow(row);
  }

  /** @throws CatalogConflictError (`name`) when a camera not deleted has the name in any case. */
  async insert(fields: NewCamera): Promise<CameraRow> {
    const now = this.now();
    try {
      const row = await this.db
        .insertInto('cameras')
        .values({
          id: fields.id ?? newCameraId(),
          name: fields.name,
          name_key: nameKey(fields.name),
          url: fields.url,
          substream_url: fields.substream_url ?? null,
          enabled: toFlagColumn(fields.enabled ?? true),
          record_mode: fields.record_mode ?? 'off',
          segment_s: fields.segment_s ?? 60,
          mjpeg_storage: fields.mjpeg_storage ?? 'h264',
          insecure_tls: toFlagColumn(fields.insecure_tls ?? false),
          motion: toJsonColumn(fields.motion),
          onvif_address: fields.onvif_address ?? null,
          onvif_username: fields.onvif_username ?? null,
          onvif_password: fields.onvif_password ?? null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toCameraRow(row);
    } catch (error) {
      throw nameConflict(error, fields.name);
    }
  }

  /**
   * Changes the given fields of a camera not deleted; undefined when there is none.
   * @throws CatalogConflictError (`name`) when the new name is taken.
   */
  async update(id: string, changes: CameraChanges): Promise<CameraRow | undefined> {
    const set: Updateable<CamerasTable> = { updated_at: this.now() };
    if (changes.name !== undefined) {
      set.name = changes.name;
      set.name_key = nameKey(changes.name);
    }
    if (changes.url !== undefined) set.url = changes.url;
    if (changes.substream_url !== undefined) set.substream_url = changes.substream_url;
    if (changes.enabled !== undefined) set.enabled = toFlagColumn(changes.enabled);
    if (changes.record_mode !== undefined) set.record_mode = changes.record_mode;
    if (changes.segment_s !== undefined) set.segment_s = changes.segment_s;
    if (changes.mjpeg_storage !== undefined) set.mjpeg_storage = changes.mjpeg_storage;
    if (changes.insecure_tls !== undefined) set.insecure_tls = toFlagColumn(changes.insecure_tls);
    if (changes.motion !== undefined) set.motion = toJsonColumn(changes.motion);
    if (changes.onvif_address !== undefined) set.onvif_address = changes.onvif_address;
    if (changes.onvif_username !== undefined) set.onvif_username = changes.onvif_username;
    if (changes.onvif_password !== undefined) set.onvif_password = changes.onvif_password;
    try {
      const row = await this.db
        .updateTable('cameras')
        .set(set)
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row && toCameraRow(row);
    } catch (error) {
      throw nameConflict(error, changes.name ?? '');
    }
  }

  /** Marks the camera deleted (its name becomes free); false when there was none to delete. */
  async softDelete(id: string): Promise<boolean> {
    const now = this.now();
    const result = await this.db
      .updateTable('cameras')
      .set({ deleted_at: now, updated_at: now })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Whether a camera not deleted (other than `exceptId`) has this name, in any case. */
  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    let query = this.db
      .selectFrom('cameras')
      .select('id')
      .where('name_key', '=', nameKey(name))
      .where('deleted_at', 'is', null);
    if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  }
}

/** Case-folded in JS so that "Café" and "CAFÉ" collide in SQLite as they would in PostgreSQL. */
function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

function nameConflict(error: unknown, name: string): unknown {
  return asConflict(error, 'name_key', 'name', `a camera named "${name}" already exists`);
}

function toCameraRow(row: Selectable<CamerasTable>): CameraRow {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    substream_url: row.substream_url,
    enabled: fromFlagColumn(row.enabled),
    record_mode: row.record_mode,
    segment_s: row.segment_s,
    mjpeg_storage: row.mjpeg_storage,
    insecure_tls: fromFlagColumn(row.insecure_tls),
    motion: fromJsonColumn(row.motion),
    onvif_address: row.onvif_address,
    onvif_username: row.onvif_username,
    onvif_password: row.onvif_password,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deleted_at: row.deleted_at,
  };
}
