import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { health, settle, videoItem } from '../../test-support/api-fixtures';
import { SessionNames } from '../live/session-names';
import { HealthStore } from '../shell/health-store';
import { VideoLibrary } from './video-library';
import { VideosStore } from './videos-store';

describe('VideoLibrary', () => {
  let fixture: ComponentFixture<VideoLibrary>;
  let http: HttpTestingController;
  let host: HTMLElement;

  async function load(videos: ReturnType<typeof videoItem>[]) {
    const refreshing = TestBed.inject(VideosStore).refresh();
    http.expectOne('/videos').flush({ videos });
    await refreshing;
    await fixture.whenStable();
  }

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [VideoLibrary],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(VideoLibrary);
    host = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('says what to do when there is no recording', async () => {
    await load([]);
    expect(host.querySelector('.empty')?.textContent).toContain('No recordings yet');
    expect(host.querySelector('.empty')?.textContent).toContain('press Record');
  });

  it('shows a card per recording with its details', async () => {
    TestBed.inject(SessionNames).remember('s1', 'Porch');
    await load([videoItem('s1_20261123-100000.mp4'), videoItem('zz9_20261123-090000.mp4')]);
    const cards = host.querySelectorAll('cr-video-card');
    expect(cards).toHaveLength(2);
    const first = cards[0].textContent?.replace(/\s+/g, ' ') ?? '';
    expect(first).toContain('Porch');
    expect(first).toContain('0:10');
    expect(first).toContain('1280×720 · H.264');
    expect(first).toContain('2.4 MB');
    expect(cards[1].textContent).toContain('zz9');
    expect(cards[0].querySelector('img')?.getAttribute('src')).toBe(
      '/videos/s1_20261123-100000.mp4/thumbnail',
    );
    expect(cards[0].querySelector('a[download]')?.getAttribute('href')).toBe(
      '/videos/s1_20261123-100000.mp4?download=1',
    );
    expect(host.querySelector('.count')?.textContent).toContain('2 · 4.8 MB');
  });

  it('shows used and free space, and what retention deleted', async () => {
    const base = health().retention;
    TestBed.inject(HealthStore).health.set(
      health({
        retention: {
          ...base,
          max_gb: 1,
          free_bytes: 5e9,
          recent_deletions: [
            {
              filename: 's1_20261123-090000.mp4',
              deleted_at: '2026-11-23T10:00:00.000Z',
              reason: 'videos use 1100000000 bytes, over retention_max_gb (1073741824 bytes)',
            },
            {
              filename: 's1_20261123-080000.mp4',
              deleted_at: '2026-11-23T09:00:00.000Z',
              reason: 'older than retention_days (8 days old)',
            },
          ],
        },
      }),
    );
    await load([videoItem('s1_20261123-100000.mp4'), videoItem('s1_20261123-110000.mp4')]);
    const [space, retention] = [...host.querySelectorAll('.space')].map((p) => p.textContent);
    expect(space).toContain('4.8 MB used · 5.0 GB free');
    expect(retention).toContain('Retention deleted 2 videos; the latest, s1_20261123-090000.mp4');
    expect(retention).toContain('over retention_max_gb');
  });

  it('deletes only after confirmation', async () => {
    await load([videoItem('s1_20261123-100000.mp4')]);
    host.querySelector<HTMLButtonElement>('button.delete')?.click();
    await fixture.whenStable();
    expect(host.textContent).toContain('Delete this recording?');
    expect(document.activeElement?.textContent?.trim()).toBe('Keep');

    host.querySelector<HTMLButtonElement>('.btn-danger')?.click();
    const request = http.expectOne('/videos/s1_20261123-100000.mp4');
    expect(request.request.method).toBe('DELETE');
    request.flush('', { status: 204, statusText: 'No Content' });
    await settle();
    http.expectOne('/videos').flush({ videos: [] });
    await settle();
    await fixture.whenStable();
    expect(host.querySelectorAll('cr-video-card')).toHaveLength(0);
  });

  it('keeps the recording when the confirmation is declined', async () => {
    await load([videoItem('s1_20261123-100000.mp4')]);
    host.querySelector<HTMLButtonElement>('button.delete')?.click();
    await fixture.whenStable();
    [...host.querySelectorAll<HTMLButtonElement>('button')]
      .find((button) => button.textContent?.trim() === 'Keep')
      ?.click();
    await fixture.whenStable();
    expect(host.textContent).not.toContain('Delete this recording?');
  });

  it('plays a recording in the integrated player from the file URL', async () => {
    await load([videoItem('s1_20261123-100000.mp4')]);
    host.querySelector<HTMLButtonElement>('.thumb')?.click();
    await fixture.whenStable();
    const dialog = host.querySelector('dialog');
    expect(dialog?.hasAttribute('open')).toBe(true);
    expect(dialog?.querySelector('video')?.getAttribute('src')).toBe(
      '/videos/s1_20261123-100000.mp4',
    );
  });

  it('closes the player with its Close button and gives focus back to the card', async () => {
    await load([videoItem('s1_20261123-100000.mp4')]);
    const thumb = host.querySelector<HTMLButtonElement>('.thumb');
    thumb?.focus();
    thumb?.click();
    await fixture.whenStable();
    host.querySelector<HTMLButtonElement>('[aria-label="Close the player"]')?.click();
    await fixture.whenStable();
    expect(host.querySelector('dialog')).toBeNull();
    expect(document.activeElement).toBe(thumb);
  });
});
