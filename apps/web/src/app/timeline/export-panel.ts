import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
} from '@angular/core';
import type { ExportInfo } from '@camrec/shared-types';
import { ApiClient, rangeVideoUrl, videoUrl } from '../api/api-client';
import { errorMessage } from '../api/api-error';
import { formatDuration } from '../shared/format';
import { Icon } from '../shared/icon';
import { ExportsStore } from './exports-store';
import { formatClock, formatInstant } from './time-ticks';
import type { TimelineCamera, TimelineMarks } from './timeline';

/** The longest range GET /cameras/:id/video.mp4 serves. */
const DAY_MS = 86_400_000;

/** The longest export the server takes. */
const MAX_EXPORT_MS = 7 * 24 * 3_600_000;

/**
 * What to do with the range marked on the timeline: export it (one MP4 per camera ticked,
 * written by the server in the background, progress shown, then a link) or keep it from
 * retention. The exports land in the library too.
 */
@Component({
  selector: 'cr-export-panel',
  imports: [Icon],
  template: `
    <div class="row">
      <span class="range" [class.none]="!range()">
        @if (range(); as r) {
          {{ r.text }}
        } @else {
          Mark a range to export or keep it: i and o (or the buttons) at the play position, or
          Shift+drag on the timeline.
        }
      </span>
      @if (cameras().length > 1) {
        <span class="which" role="group" aria-label="Cameras to export or keep">
          @for (camera of cameras(); track camera.id) {
            <label>
              <input
                type="checkbox"
                [checked]="!unticked().has(camera.id)"
                (change)="toggle(camera.id, $any($event.target).checked)"
              />
              {{ camera.name }}
            </label>
          }
        </span>
      }
      <button
        type="button"
        class="btn btn-sm btn-primary export"
        [disabled]="!canAct() || busy()"
        (click)="exportRange()"
      >
        <cr-icon name="download" /> Export
      </button>
      @if (downloadUrl(); as url) {
        <a
          class="btn btn-sm btn-dark download-range"
          [href]="url"
          download
          title="The range of one camera as one MP4, at once, without saving it in the library"
          >Download</a
        >
      }
      <button
        type="button"
        class="btn btn-sm btn-dark keep"
        [disabled]="!canAct() || busy()"
        title="Retention never deletes a kept range"
        (click)="keepRange()"
      >
        Keep
      </button>
    </div>
    @if (message(); as text) {
      <p class="message" [class.failed]="failed()" role="status">{{ text }}</p>
    }
    @if (shown().length) {
      <ul class="exports" aria-label="Exports">
        @for (item of shown(); track item.id) {
          <li [attr.data-export-id]="item.id" [attr.data-state]="item.state">
            <span class="what">{{ describe(item) }}</span>
            @switch (item.state) {
              @case ('done') {
                <a
                  class="btn btn-sm btn-ghost"
                  [href]="link(item, false)"
                  target="_blank"
                  rel="noopener"
                >
                  <cr-icon name="play" /> Open
                </a>
                <a class="btn btn-sm btn-ghost download" [href]="link(item, true)" download>
                  <cr-icon name="download" /> Download
                </a>
              }
              @case ('failed') {
                <span class="failed">Failed: {{ item.error }}</span>
              }
              @default {
                <progress
                  max="1"
                  [value]="item.progress"
                  [attr.aria-label]="'Export of ' + describe(item)"
                ></progress>
                <span class="percent">{{ percent(item) }}</span>
              }
            }
          </li>
        }
      </ul>
    }
  `,
  styles: `
    :host {
      display: block;
      font-size: 13px;
      color: #c3c9d2;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px 12px;
    }
    .range {
      flex: 1;
      min-width: 20ch;
      font-variant-numeric: tabular-nums;
      color: #e7e9ed;
    }
    .range.none {
      color: #9aa3af;
    }
    .which {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 4px 10px;
    }
    .which label {
      display: inline-flex;
      align-items: center;
      gap: 4px;
    }
    .message {
      margin-top: 4px;
      color: #9aa3af;
    }
    .failed {
      color: #f06a5f;
    }
    .exports {
      display: flex;
      flex-direction: column;
      gap: 2px;
      margin: 6px 0 0;
      padding: 0;
      list-style: none;
    }
    .exports li {
      display: flex;
      align-items: center;
      gap: 10px;
      min-height: 32px;
    }
    .what {
      flex: 1;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .btn-ghost {
      color: #c3c9d2;
    }
    .btn-ghost:hover {
      background: rgb(255 255 255 / 10%);
      color: #fff;
    }
    progress {
      width: 140px;
    }
    .percent {
      width: 4ch;
      font-variant-numeric: tabular-nums;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ExportPanel {
  private readonly store = inject(ExportsStore);
  private readonly api = inject(ApiClient);

  readonly cameras = input.required<TimelineCamera[]>();
  readonly marks = input.required<TimelineMarks>();
  /** A range was kept: the timeline shows it after a refresh. */
  readonly kept = output<void>();

  protected readonly unticked = signal<ReadonlySet<string>>(new Set());
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);
  protected readonly failed = signal(false);

  protected readonly range = computed(() => {
    const { inMs, outMs } = this.marks();
    if (inMs === null || outMs === null || outMs <= inMs) return null;
    const text = `${formatInstant(inMs)} → ${formatClock(outMs)} (${formatDuration((outMs - inMs) / 1000)})`;
    return { inMs, outMs, text };
  });
  private readonly selected = computed(() =>
    this.cameras().filter((camera) => !this.unticked().has(camera.id)),
  );
  protected readonly canAct = computed(() => this.range() !== null && this.selected().length > 0);
  /** One camera's range up to a day streams as one MP4 straight away (GET …/video.mp4). */
  protected readonly downloadUrl = computed(() => {
    const range = this.range();
    const selected = this.selected();
    if (!range || selected.length !== 1 || range.outMs - range.inMs > DAY_MS) return null;
    return rangeVideoUrl(selected[0].id, range.inMs, range.outMs);
  });
  /** The exports of these cameras started in this page. */
  protected readonly shown = computed(() => {
    const ids = new Set(this.cameras().map((camera) => camera.id));
    return this.store.exports().filter((item) => ids.has(item.camera_id));
  });

  constructor() {
    // A new range clears the last message.
    effect(() => {
      this.marks();
      this.message.set(null);
    });
  }

  protected toggle(id: string, ticked: boolean): void {
    this.unticked.update((set) => {
      const next = new Set(set);
      if (ticked) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  protected async exportRange(): Promise<void> {
    const range = this.range();
    if (!range) return;
    if (range.outMs - range.inMs > MAX_EXPORT_MS) {
      this.say('An export is at most 7 days: mark a shorter range.', true);
      return;
    }
    await this.each('export', (id) => this.store.create(id, range.inMs, range.outMs));
  }

  protected async keepRange(): Promise<void> {
    const range = this.range();
    if (!range) return;
    const done = await this.each('keep', (id) =>
      this.api.keepRange(id, {
        start: new Date(range.inMs).toISOString(),
        end: new Date(range.outMs).toISOString(),
      }),
    );
    if (done) {
      this.say('Kept: retention will never delete this range.', false);
      this.kept.emit();
    }
  }

  /** Runs `action` for every ticked camera; says which failed and why. */
  private async each(what: string, action: (id: string) => Promise<unknown>): Promise<boolean> {
    this.busy.set(true);
    this.message.set(null);
    const failures: string[] = [];
    for (const camera of this.selected()) {
      try {
        await action(camera.id);
      } catch (error) {
        failures.push(`${camera.name}: ${errorMessage(error)}`);
      }
    }
    this.busy.set(false);
    if (failures.length) this.say(`Could not ${what}. ${failures.join(' ')}`, true);
    return failures.length === 0;
  }

  private say(text: string, failed: boolean): void {
    this.message.set(text);
    this.failed.set(failed);
  }

  protected describe(item: ExportInfo): string {
    const name = this.cameras().find((camera) => camera.id === item.camera_id)?.name;
    const start = Date.parse(item.start);
    const end = Date.parse(item.end);
    const when = `${formatInstant(start)} → ${formatClock(end)}`;
    return this.cameras().length > 1 && name ? `${name}, ${when}` : when;
  }

  protected percent(item: ExportInfo): string {
    return item.state === 'pending' ? 'queued' : `${Math.round(item.progress * 100)}%`;
  }

  protected link(item: ExportInfo, download: boolean): string {
    return item.filename ? videoUrl(item.filename, download) : '';
  }
}
