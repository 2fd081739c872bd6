import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MotionEvent } from '@camrec/shared-types';

/** The folder inside the videos folder where events are kept, one JSON file each. */
export const EVENTS_FOLDER = 'events';

const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface EventQuery {
  sessionId?: string;
  /** Only events that started at or after this time. */
  since?: Date;
  limit: number;
}

/**
 * Motion events on disk, so they outlive a restart: `<videos>/events/<id>.json`, each written
 * whole under another name and renamed, so a reader never sees half an event. Read into
 * memory once at start; the folder holds small files only.
 */
export class MotionEventStore {
  private readonly folder: string;
  private readonly events = new Map<string, MotionEvent>();

  constructor(videosDir: string) {
    this.folder = join(videosDir, EVENTS_FOLDER);
  }

  /** Reads what is on disk; unreadable files are skipped (and named in the result). */
  async load(): Promise<{ loaded: number; skipped: string[] }> {
    let names: string[] = [];
    try {
      names = await readdir(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const skipped: string[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      try {
        const event = JSON.parse(await readFile(join(this.folder, name), 'utf8')) as MotionEvent;
        if (ID_PATTERN.test(event.id) && `${event.id}.json` === name)
          this.events.set(event.id, event);
        else skipped.push(name);
      } catch {
        skipped.push(name);
      }
    }
    return { loaded: this.events.size, skipped };
  }

  get(id: string): MotionEvent | undefined {
    return this.events.get(id);
  }

  /** Newest first. */
  list(query: EventQuery): MotionEvent[] {
    const since = query.since?.toISOString();
    return [...this.events.values()]
      .filter((e) => !query.sessionId || e.session_id === query.sessionId)
      .filter((e) => !since || e.started_at >= since)
      .sort((a, b) => b.started_at.localeCompare(a.started_at))
      .slice(0, query.limit);
  }

  async save(event: MotionEvent): Promise<void> {
    this.events.set(event.id, event);
    await mkdir(this.folder, { recursive: true });
    const path = join(this.folder, `${event.id}.json`);
    await writeFile(`${path}.tmp`, `${JSON.stringify(event, null, 2)}\n`, 'utf8');
    await rename(`${path}.tmp`, path);
  }

  /** False when there was no such event. */
  async delete(id: string): Promise<boolean> {
    if (!ID_PATTERN.test(id) || !this.events.has(id)) return false;
    this.events.delete(id);
    await rm(join(this.folder, `${id}.json`), { force: true });
    return true;
  }

  /** Events whose clip is this video (retention and deletes keep them consistent). */
  withClip(filename: string): MotionEvent[] {
    return [...this.events.values()].filter((e) => e.filename === filename);
  }
}
