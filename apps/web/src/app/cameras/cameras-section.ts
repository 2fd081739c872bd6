import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { Icon } from '../shared/icon';
import { RecordingsView } from '../timeline/recordings-view';
import { CameraDialogs } from './camera-dialogs';
import { CameraForm } from './camera-form';
import { CameraFullView } from './camera-full-view';
import { CameraTile } from './camera-tile';
import { CamerasStore } from './cameras-store';
import { DeleteCameraDialog } from './delete-camera-dialog';

/** The saved cameras, all live, first on the page; and the dialogs that act on them. */
@Component({
  selector: 'cr-cameras-section',
  imports: [CameraForm, CameraFullView, CameraTile, DeleteCameraDialog, Icon, RecordingsView],
  template: `
    <section aria-labelledby="cameras-title">
      <div class="section-head">
        <h2 id="cameras-title">Cameras</h2>
        @if (store.loaded() && !store.error()) {
          <span class="count">{{ countText() }}</span>
        }
        @if (store.cameras().length) {
          <button
            type="button"
            class="btn btn-sm timeline"
            title="Play the recordings of every camera in sync"
            (click)="dialogs.recordings.set(true)"
          >
            <cr-icon name="clock" /> Timeline
          </button>
        }
        <button
          type="button"
          class="btn btn-primary btn-sm add"
          [disabled]="full()"
          [title]="full() ? 'Every camera slot is taken: delete one to add another' : ''"
          (click)="dialogs.add()"
        >
          <cr-icon name="plus" /> Add camera
        </button>
      </div>
      @if (store.error(); as error) {
        <p class="section-error" role="alert">Cannot list the saved cameras. {{ error }}</p>
      }
      @if (store.cameras().length) {
        <div class="tile-grid">
          @for (camera of store.cameras(); track camera.id) {
            <cr-camera-tile [camera]="camera" />
          }
        </div>
      } @else if (store.loaded() && !store.error()) {
        <div class="empty">
          <span class="empty-icon"><cr-icon name="camera" /></span>
          <strong>No camera saved yet</strong>
          <p>
            Add a camera once: the recorder opens it at every start, shows it here live and records
            it the way you choose.
          </p>
          <button type="button" class="btn btn-primary" (click)="dialogs.add()">
            <cr-icon name="plus" /> Add camera
          </button>
        </div>
      }
    </section>

    @if (dialogs.form(); as request) {
      <cr-camera-form [request]="request" />
    }
    @if (dialogs.deleting(); as camera) {
      <cr-delete-camera-dialog [camera]="camera" />
    }
    <!-- The full-screen views carry the timeline and its player: loaded when first opened. -->
    @if (fullViewCamera(); as camera) {
      @defer (on immediate) {
        <cr-camera-full-view [camera]="camera" />
      }
    }
    @if (dialogs.recordings()) {
      @defer (on immediate) {
        <cr-recordings-view />
      }
    }
  `,
  styles: `
    .timeline {
      margin-left: auto;
    }
    .timeline + .add {
      margin-left: 0;
    }
    .add {
      margin-left: auto;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CamerasSection {
  protected readonly store = inject(CamerasStore);
  protected readonly dialogs = inject(CameraDialogs);

  protected readonly countText = computed(() => {
    const saved = this.store.cameras().length;
    const max = this.store.maxCameras();
    return max ? `${saved} of ${max}` : String(saved);
  });
  protected readonly full = computed(() => {
    const max = this.store.maxCameras();
    return max !== null && this.store.cameras().length >= max;
  });
  /** A camera deleted while shown full screen ends the view. */
  protected readonly fullViewCamera = computed(() => {
    const id = this.dialogs.fullView();
    return id ? this.store.byId(id) : null;
  });
}
