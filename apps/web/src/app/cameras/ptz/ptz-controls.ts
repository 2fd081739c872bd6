import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { NgTemplateOutlet } from '@angular/common';
import type { CameraPtzResponse } from '@camrec/shared-types';
import { ApiClient } from '../../api/api-client';
import { errorMessage } from '../../api/api-error';
import { HeldMove, type PtzDirection } from './held-move';

interface PadButton {
  direction: PtzDirection;
  label: string;
  glyph: string;
}

const PAN_TILT: PadButton[] = [
  { direction: 'up', label: 'Tilt up', glyph: '▲' },
  { direction: 'left', label: 'Pan left', glyph: '◀' },
  { direction: 'right', label: 'Pan right', glyph: '▶' },
  { direction: 'down', label: 'Tilt down', glyph: '▼' },
];
const ZOOM: PadButton[] = [
  { direction: 'zoom-in', label: 'Zoom in', glyph: '+' },
  { direction: 'zoom-out', label: 'Zoom out', glyph: '−' },
];

/**
 * Pan, tilt and zoom of a saved camera through its ONVIF device, over its full-screen view:
 * press and hold an arrow (or Enter/Space on it) to move, release to stop; its presets below.
 * Shows nothing when the camera has no ONVIF details or its device no PTZ.
 */
@Component({
  selector: 'cr-ptz-controls',
  imports: [NgTemplateOutlet],
  template: `
    <!-- A button held to move (pointer or Enter/Space), released to stop. -->
    <ng-template #hold let-button>
      <button
        type="button"
        class="btn btn-sm btn-dark"
        [class]="button.direction"
        [class.held]="held() === button.direction"
        [attr.aria-label]="button.label"
        [title]="button.label + ' (hold)'"
        (pointerdown)="press($event, button.direction)"
        (pointerup)="release()"
        (pointercancel)="release()"
        (lostpointercapture)="release()"
        (keydown)="keyDown($event, button.direction)"
        (keyup)="keyUp($event)"
        (blur)="release()"
        (contextmenu)="$event.preventDefault()"
      >
        {{ button.glyph }}
      </button>
    </ng-template>
    @if (ptz(); as ptz) {
      <div class="ptz" role="group" aria-label="Pan, tilt and zoom">
        @if (ptz.pan_tilt) {
          <div class="pad">
            @for (button of panTilt; track button.direction) {
              <ng-container *ngTemplateOutlet="hold; context: { $implicit: button }" />
            }
          </div>
        }
        @if (ptz.zoom) {
          <div class="zoom">
            @for (button of zoom; track button.direction) {
              <ng-container *ngTemplateOutlet="hold; context: { $implicit: button }" />
            }
          </div>
        }
        @if (ptz.presets.length) {
          <ul class="presets" aria-label="Presets">
            @for (preset of ptz.presets; track preset.token) {
              <li>
                <button type="button" class="btn btn-sm btn-dark" (click)="goTo(preset.token)">
                  {{ preset.name }}
                </button>
              </li>
            }
          </ul>
        }
        @if (error(); as error) {
          <p class="error" role="alert">{{ error }}</p>
        }
      </div>
    }
  `,
  styles: `
    .ptz {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 8px;
      max-width: 220px;
      padding: 10px;
      border-radius: 10px;
      background: rgb(0 0 0 / 55%);
    }
    .pad {
      display: grid;
      grid-template-columns: repeat(3, 36px);
      grid-template-rows: repeat(3, 36px);
      gap: 4px;
    }
    .pad .up {
      grid-area: 1 / 2;
    }
    .pad .left {
      grid-area: 2 / 1;
    }
    .pad .right {
      grid-area: 2 / 3;
    }
    .pad .down {
      grid-area: 3 / 2;
    }
    .zoom {
      display: flex;
      gap: 4px;
    }
    button {
      touch-action: none;
      user-select: none;
      min-width: 36px;
    }
    button.held {
      outline: 2px solid currentColor;
    }
    .presets {
      display: flex;
      flex-wrap: wrap;
      justify-content: center;
      gap: 4px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .error {
      margin: 0;
      font-size: 12px;
      color: #ffb4a8;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PtzControls {
  private readonly api = inject(ApiClient);

  readonly cameraId = input.required<string>();
  /** The camera's ONVIF address: none, nothing is asked. */
  readonly onvifAddress = input<string | null>(null);

  protected readonly panTilt = PAN_TILT;
  protected readonly zoom = ZOOM;
  protected readonly ptz = signal<CameraPtzResponse | null>(null);
  protected readonly held = signal<PtzDirection | null>(null);
  protected readonly error = signal<string | null>(null);
  private readonly mover = new HeldMove(
    {
      move: (request) => this.api.ptzMove(this.cameraId(), request),
      stop: () => this.api.ptzStop(this.cameraId()),
    },
    (error) => this.error.set(errorMessage(error)),
  );

  constructor() {
    effect(() => {
      const id = this.cameraId();
      const address = this.onvifAddress();
      untracked(() => void this.load(id, address));
    });
    inject(DestroyRef).onDestroy(() => this.release());
  }

  protected press(event: PointerEvent, direction: PtzDirection): void {
    if (event.button !== 0) return;
    event.preventDefault();
    // Keeps the release coming here even when the pointer slides off the button.
    (event.currentTarget as Element | null)?.setPointerCapture?.(event.pointerId);
    this.start(direction);
  }

  protected release(): void {
    this.mover.end();
    this.held.set(null);
  }

  protected keyDown(event: KeyboardEvent, direction: PtzDirection): void {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    // Not the timeline's keys while a button is held.
    event.stopPropagation();
    this.start(direction);
  }

  protected keyUp(event: KeyboardEvent): void {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.stopPropagation();
    this.release();
  }

  protected async goTo(token: string): Promise<void> {
    this.error.set(null);
    try {
      await this.api.ptzPreset(this.cameraId(), token);
    } catch (error) {
      this.error.set(errorMessage(error));
    }
  }

  private start(direction: PtzDirection): void {
    this.error.set(null);
    this.held.set(direction);
    this.mover.start(direction);
  }

  private async load(id: string, address: string | null): Promise<void> {
    this.ptz.set(null);
    if (!address) return;
    try {
      const answer = await this.api.cameraPtz(id);
      if (id === this.cameraId() && answer.available) this.ptz.set(answer);
    } catch {
      // A device that cannot be asked now: no controls, as for a camera without PTZ.
    }
  }
}
