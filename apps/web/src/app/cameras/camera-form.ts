import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
  viewChild,
  type OnInit,
} from '@angular/core';
import type { CameraInfo, CameraRecordMode } from '@camrec/shared-types';
import { LiveStream } from '../live/live-stream';
import { Icon } from '../shared/icon';
import { CameraDialogs, type CameraFormRequest } from './camera-dialogs';
import {
  checkValues,
  createRequest,
  errorsOfFailure,
  firstErrorField,
  isMaskedUrl,
  updateRequest,
  valuesOfCamera,
  type CameraField,
  type CameraFormErrors,
  type CameraFormValues,
} from './camera-form-model';
import { CameraPreview } from './camera-preview';
import { FindCameras, type FoundStreams } from './find-cameras/find-cameras';
import { valuesWithStreams } from './find-cameras/find-cameras-model';
import { CamerasStore } from './cameras-store';
import { ModalDialog } from '../shared/modal-dialog';

export const RECORD_CHOICES: readonly { mode: CameraRecordMode; label: string; help: string }[] = [
  { mode: 'off', label: 'Off', help: 'Watch only; clips by hand' },
  { mode: 'motion', label: 'On motion', help: 'A clip of each motion event' },
  { mode: 'continuous', label: 'Continuous', help: 'Everything, in segments' },
];

/**
 * Add or edit a saved camera: name, URLs, what it records, motion detection, TLS; a live
 * preview before saving; the server's complaints next to the field they are about.
 */
@Component({
  selector: 'cr-camera-form',
  imports: [Icon, LiveStream, ModalDialog, FindCameras],
  providers: [CameraPreview],
  templateUrl: './camera-form.html',
  styleUrl: './camera-form.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CameraForm implements OnInit {
  private readonly store = inject(CamerasStore);
  private readonly dialogs = inject(CameraDialogs);
  protected readonly preview = inject(CameraPreview);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  readonly request = input.required<CameraFormRequest>();

  private readonly dialog = viewChild.required(ModalDialog);

  protected readonly values = linkedSignal<CameraFormValues>(() => {
    const request = this.request();
    return request.kind === 'edit' ? valuesOfCamera(request.camera) : request.values;
  });
  protected readonly errors = signal<CameraFormErrors>({});
  protected readonly saving = signal(false);
  /** The "Find cameras" part is open (adding only). */
  protected readonly finding = signal(false);
  protected readonly recordChoices = RECORD_CHOICES;

  protected readonly original = computed<CameraInfo | null>(() => {
    const request = this.request();
    return request.kind === 'edit' ? request.camera : null;
  });
  protected readonly title = computed(() => {
    const original = this.original();
    return original ? `Edit “${original.name}”` : 'Add a camera';
  });
  /** The saved URL, masked, is kept unless the person types a new one. */
  protected readonly urlKept = computed(() => {
    const original = this.original();
    return original !== null && this.values().url.trim() === original.url;
  });
  protected readonly urlMasked = computed(() => isMaskedUrl(this.values().url));
  /** "Save as camera" of a session whose URL had credentials: it has to be typed again. */
  protected readonly urlAskedAgain = computed(() => {
    const request = this.request();
    return request.kind === 'add' && request.session !== null && !request.values.url;
  });
  protected readonly canPreview = computed(() => {
    const url = this.values().url.trim();
    return url !== '' && !isMaskedUrl(url) && !this.preview.opening() && !this.saving();
  });

  ngOnInit(): void {
    // The session the form starts from plays at once: a camera's own, or the unsaved one.
    const request = this.request();
    const shown =
      request.kind === 'edit'
        ? request.camera.status.session_id
        : (request.session?.session_id ?? null);
    if (shown) this.preview.show(shown);
  }

  protected set<K extends TypedField>(key: K, value: CameraFormValues[K]): void {
    this.values.update((values) => ({ ...values, [key]: value }));
    // Recording on motion needs motion detected: chosen with it (it can still be unticked).
    if (key === 'record' && value === 'motion') {
      this.values.update((values) => ({ ...values, motionEnabled: true }));
    }
    this.errors.update((errors) => ({ ...errors, [FIELD_OF[key]]: undefined, form: undefined }));
    // The preview shows the URL as it was: another URL (or TLS choice) makes it stale.
    if (key === 'url' || key === 'insecureTls') void this.preview.discard();
  }

  /** A device's streams read in "Find cameras": its main and substream URLs go in the form. */
  protected useStreams(found: FoundStreams): void {
    this.values.update((values) =>
      valuesWithStreams(values, found.answer, found.device, found.onvif),
    );
    this.errors.update((errors) => ({
      ...errors,
      name: undefined,
      url: undefined,
      substream_url: undefined,
      form: undefined,
    }));
    void this.preview.discard();
  }

  protected async showPreview(): Promise<void> {
    const values = this.values();
    const url = values.url.trim();
    if (!url || isMaskedUrl(url)) {
      this.fail({ url: checkValues(values, null).url });
      return;
    }
    try {
      await this.preview.open(url, values.name.trim(), values.insecureTls);
    } catch (error) {
      this.fail(errorsOfFailure(error));
    }
  }

  protected async save(): Promise<void> {
    if (this.saving()) return;
    const values = this.values();
    const original = this.original();
    const problems = checkValues(values, original);
    if (firstErrorField(problems)) {
      this.fail(problems);
      return;
    }
    this.saving.set(true);
    this.errors.set({});
    try {
      const camera = original
        ? await this.saveChanges(original, values)
        : await this.store.create(createRequest(values));
      if (!original || camera) await this.preview.saved(camera?.status.session_id ?? null);
      this.dialog().close();
    } catch (error) {
      this.fail(errorsOfFailure(error));
    } finally {
      this.saving.set(false);
    }
  }

  protected cancel(): void {
    this.dialog().close();
  }

  /** However the form closes (Cancel, Escape, a save), a preview it still holds is closed. */
  protected closed(): void {
    void this.preview.discard();
    this.dialogs.closeForm();
  }

  protected describedBy(field: CameraField, help?: string): string | null {
    if (this.errors()[field]) return `camera-form-${field}-error`;
    return help ?? null;
  }

  private async saveChanges(original: CameraInfo, values: CameraFormValues) {
    const change = updateRequest(original, values);
    return Object.keys(change).length ? this.store.update(original.id, change) : null;
  }

  private fail(errors: CameraFormErrors): void {
    this.errors.set(errors);
    const field = firstErrorField(errors);
    const target = field
      ? this.host.nativeElement.querySelector<HTMLElement>(`#camera-form-${field}`)
      : null;
    target?.focus();
  }
}

/** The values typed in the form's inputs (the ONVIF login comes from Find cameras). */
type TypedField = Exclude<keyof CameraFormValues, 'onvif'>;

const FIELD_OF: Record<TypedField, CameraField> = {
  name: 'name',
  url: 'url',
  substreamUrl: 'substream_url',
  record: 'record',
  motionEnabled: 'motion',
  insecureTls: 'insecure_tls',
  enabled: 'enabled',
};
