import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  output,
  signal,
  type OnInit,
} from '@angular/core';
import type { OnvifDevice, OnvifProfilesResponse } from '@camrec/shared-types';
import { ApiClient } from '../../api/api-client';
import { errorMessage } from '../../api/api-error';
import { Icon } from '../../shared/icon';
import type { OnvifLogin } from '../camera-form-model';
import { deviceAddress, describeProfile, deviceTitle } from './find-cameras-model';

/** A device's streams, read with its user: what the camera form is filled from. */
export interface FoundStreams {
  answer: OnvifProfilesResponse;
  device: OnvifDevice | null;
  /** The address and user they were read with: kept with the camera for PTZ. */
  onvif: OnvifLogin;
}

/**
 * "Find cameras" in the Add camera form: ONVIF discovery on the server's network, then a
 * device's profiles read with its user name and password; the main and substream URLs go to
 * the form (`found`), which previews and saves as usual.
 */
@Component({
  selector: 'cr-find-cameras',
  imports: [Icon],
  templateUrl: './find-cameras.html',
  styleUrl: './find-cameras.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FindCameras implements OnInit {
  private readonly api = inject(ApiClient);

  readonly found = output<FoundStreams>();

  protected readonly searching = signal(false);
  protected readonly searched = signal(false);
  protected readonly devices = signal<OnvifDevice[]>([]);
  protected readonly discoverError = signal<string | null>(null);
  protected readonly picked = signal<OnvifDevice | null>(null);
  protected readonly address = signal('');
  protected readonly username = signal('');
  protected readonly password = signal('');
  protected readonly reading = signal(false);
  protected readonly readError = signal<string | null>(null);
  protected readonly answer = signal<OnvifProfilesResponse | null>(null);

  protected readonly canRead = computed(
    () => this.address().trim() !== '' && this.username().trim() !== '' && !this.reading(),
  );
  protected readonly title = deviceTitle;
  protected readonly describe = describeProfile;

  ngOnInit(): void {
    void this.search();
  }

  protected async search(): Promise<void> {
    if (this.searching()) return;
    this.searching.set(true);
    this.discoverError.set(null);
    try {
      const { devices } = await this.api.discoverOnvif();
      this.devices.set(devices);
    } catch (error) {
      this.discoverError.set(errorMessage(error));
    } finally {
      this.searching.set(false);
      this.searched.set(true);
    }
  }

  protected pick(device: OnvifDevice): void {
    this.picked.set(device);
    this.address.set(deviceAddress(device));
    this.answer.set(null);
    this.readError.set(null);
  }

  protected setAddress(value: string): void {
    this.address.set(value);
    // A typed address is not the picked device any more.
    const picked = this.picked();
    if (picked && value.trim() !== deviceAddress(picked)) this.picked.set(null);
  }

  protected async read(): Promise<void> {
    if (!this.canRead()) return;
    this.reading.set(true);
    this.readError.set(null);
    this.answer.set(null);
    try {
      const onvif: OnvifLogin = {
        address: this.address().trim(),
        username: this.username().trim(),
        password: this.password(),
      };
      const answer = await this.api.onvifProfiles(onvif);
      this.answer.set(answer);
      if (answer.main_stream_uri) {
        this.found.emit({ answer, device: this.picked(), onvif });
      } else {
        this.readError.set('The camera gave no RTSP stream the server can open.');
      }
    } catch (error) {
      this.readError.set(errorMessage(error));
    } finally {
      this.reading.set(false);
    }
  }

  protected savedAs(device: OnvifDevice): string {
    return device.saved_cameras.map((camera) => `“${camera.name}”`).join(', ');
  }
}
