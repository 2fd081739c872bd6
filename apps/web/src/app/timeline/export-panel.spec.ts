import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { ExportInfo } from '@camrec/shared-types';
import { VideosStore } from '../recordings/videos-store';
import { ExportPanel } from './export-panel';

const IN_MS = Date.UTC(2026, 11, 5, 14, 0, 20, 350);
const OUT_MS = IN_MS + 20_000;

function exportInfo(changes: Partial<ExportInfo>): ExportInfo {
  return {
    id: 'exp-1',
    camera_id: 'cam',
    start: new Date(IN_MS).toISOString(),
    end: new Date(OUT_MS).toISOString(),
    state: 'pending',
    progress: 0,
    filename: null,
    bytes: 0,
    error: null,
    created_at: new Date(OUT_MS).toISOString(),
    ...changes,
  };
}

/** The store asks for an export's progress once a second. */
const nextPoll = () => new Promise((resolve) => setTimeout(resolve, 1_100));

describe('ExportPanel', () => {
  let fixture: ComponentFixture<ExportPanel>;
  let http: HttpTestingController;
  let host: HTMLElement;
  const refreshSoon = jest.fn();

  /** Lets the answer just flushed reach the store (promises), then renders. */
  const settle = async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await fixture.whenStable();
    fixture.detectChanges();
  };
  const row = () => host.querySelector('li[data-export-id="exp-1"]') as HTMLElement | null;

  beforeEach(async () => {
    refreshSoon.mockClear();
    TestBed.configureTestingModule({
      imports: [ExportPanel],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: VideosStore, useValue: { refreshSoon } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ExportPanel);
    fixture.componentRef.setInput('cameras', [{ id: 'cam', name: 'Porch' }]);
    fixture.componentRef.setInput('marks', { inMs: IN_MS, outMs: OUT_MS });
    host = fixture.nativeElement;
    await settle();
  });

  afterEach(() => http.verify());

  it('exports the marked range, shows its progress, then links the file in the library', async () => {
    (host.querySelector('button.export') as HTMLButtonElement).click();
    const created = http.expectOne((r) => r.method === 'POST' && r.url.endsWith('/exports'));
    expect(created.request.body).toEqual({
      camera_id: 'cam',
      start: new Date(IN_MS).toISOString(),
      end: new Date(OUT_MS).toISOString(),
    });
    created.flush(exportInfo({}));
    await settle();
    expect(row()?.textContent).toContain('queued');

    await nextPoll();
    http
      .expectOne((r) => r.method === 'GET' && r.url.endsWith('/exports/exp-1'))
      .flush(exportInfo({ state: 'writing', progress: 0.4 }));
    await settle();
    expect(row()?.dataset['state']).toBe('writing');
    expect((row()?.querySelector('progress') as HTMLProgressElement).value).toBeCloseTo(0.4);
    expect(row()?.textContent).toContain('40%');

    await nextPoll();
    http
      .expectOne((r) => r.method === 'GET' && r.url.endsWith('/exports/exp-1'))
      .flush(exportInfo({ state: 'done', progress: 1, filename: 'cam_20261205-140020.mp4' }));
    await settle();
    expect(row()?.querySelector('progress')).toBeNull();
    const links = Array.from(row()?.querySelectorAll('a') ?? []).map((a) => a.getAttribute('href'));
    expect(links).toEqual([
      '/videos/cam_20261205-140020.mp4',
      '/videos/cam_20261205-140020.mp4?download=1',
    ]);
    // It is in the library now: the library is asked again.
    expect(refreshSoon).toHaveBeenCalled();
    // Done: no more polling.
    await nextPoll();
    http.expectNone((r) => r.url.endsWith('/exports/exp-1'));
  }, 10_000);

  it('exports the range of every ticked camera, one MP4 each, and names the camera that failed', async () => {
    fixture.componentRef.setInput('cameras', [
      { id: 'cam', name: 'Porch' },
      { id: 'cam2', name: 'Gate' },
      { id: 'cam3', name: 'Yard' },
    ]);
    await settle();
    const boxes = Array.from(host.querySelectorAll<HTMLInputElement>('.which input'));
    expect(boxes.map((box) => box.checked)).toEqual([true, true, true]);
    boxes[2].click(); // Yard unticked: not exported
    await settle();
    (host.querySelector('button.export') as HTMLButtonElement).click();
    const asked = () => http.match((r) => r.method === 'POST' && r.url.endsWith('/exports'));
    const [porch] = asked();
    expect(porch.request.body).toMatchObject({ camera_id: 'cam' });
    porch.flush(
      { statusCode: 409, message: 'the footage changes from video to JPEG frames at 14:00:30' },
      { status: 409, statusText: 'Conflict' },
    );
    await settle();
    const [gate] = asked();
    expect(gate.request.body).toEqual({
      camera_id: 'cam2',
      start: new Date(IN_MS).toISOString(),
      end: new Date(OUT_MS).toISOString(),
    });
    gate.flush(exportInfo({ id: 'exp-2', camera_id: 'cam2' }));
    await settle();
    http.expectNone((r) => r.method === 'POST');
    const message = host.querySelector('p.message') as HTMLElement;
    expect(message.classList).toContain('failed');
    expect(message.textContent).toMatch(
      /Porch: .*footage changes from video to JPEG frames at 14:00:30/,
    );
    expect(message.textContent).not.toContain('Gate');
    const rows = Array.from(host.querySelectorAll<HTMLElement>('li[data-export-id]'));
    expect(rows.map((r) => r.dataset['exportId'])).toEqual(['exp-2']);
    expect(rows[0].textContent).toContain('Gate');
  });

  it('offers nothing to do without a range', async () => {
    fixture.componentRef.setInput('marks', { inMs: IN_MS, outMs: null });
    await settle();
    expect((host.querySelector('button.export') as HTMLButtonElement).disabled).toBe(true);
    expect((host.querySelector('button.keep') as HTMLButtonElement).disabled).toBe(true);
    expect(host.querySelector('a.download-range')).toBeNull();
  });

  it('links one camera’s range of up to a day as one MP4 to download at once, not several cameras or more', async () => {
    const link = () => host.querySelector('a.download-range') as HTMLAnchorElement | null;
    expect(link()?.getAttribute('href')).toBe(
      `/cameras/cam/video.mp4?start=${IN_MS}&end=${OUT_MS}`,
    );
    expect(link()?.hasAttribute('download')).toBe(true);
    fixture.componentRef.setInput('marks', { inMs: IN_MS, outMs: IN_MS + 86_400_001 });
    await settle();
    expect(link()).toBeNull();
    fixture.componentRef.setInput('marks', { inMs: IN_MS, outMs: OUT_MS });
    fixture.componentRef.setInput('cameras', [
      { id: 'cam', name: 'Porch' },
      { id: 'cam2', name: 'Gate' },
    ]);
    await settle();
    expect(link()).toBeNull();
  });
});
