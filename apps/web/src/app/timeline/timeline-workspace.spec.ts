import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { PlaybackController } from './playback/playback-controller';
import { HOUR_MS } from './time-view';
import { TimelineWorkspace } from './timeline-workspace';

/** The controller's face, with its actions recorded. */
class FakeController {
  readonly active = signal(true);
  readonly playing = signal(false);
  readonly rate = signal(1);
  readonly positionMs = signal<number | null>(Date.UTC(2026, 11, 5, 14));
  readonly requestedMs = signal<number | null>(null);
  readonly clockState = signal('running');
  readonly statuses = signal(new Map());
  readonly errors = signal(new Map());
  readonly origin = signal<number | null>(null);
  readonly seek = jest.fn();
  readonly seekBy = jest.fn();
  readonly togglePlay = jest.fn();
  readonly step = jest.fn(async () => undefined);
  readonly setRate = jest.fn((rate: number) => this.rate.set(rate));
  readonly stop = jest.fn();
}

describe('TimelineWorkspace', () => {
  let fixture: ComponentFixture<TimelineWorkspace>;
  let controller: FakeController;
  let host: HTMLElement;
  let http: HttpTestingController;

  const canvas = () => host.querySelector('canvas') as HTMLCanvasElement;
  const press = async (key: string, target: Element = canvas(), shiftKey = false) => {
    const event = new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true });
    target.dispatchEvent(event);
    await fixture.whenStable();
    return event;
  };
  const viewSpan = () => {
    const timeline = host.querySelector('cr-timeline') as HTMLElement;
    return Number(timeline.dataset['viewEnd']) - Number(timeline.dataset['viewStart']);
  };

  beforeEach(async () => {
    controller = new FakeController();
    TestBed.configureTestingModule({
      imports: [TimelineWorkspace],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: PlaybackController, useValue: controller },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TimelineWorkspace);
    fixture.componentRef.setInput('cameras', [{ id: 'cam', name: 'Porch' }]);
    host = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => {
    // Whatever the timeline read of the server (its data is not what these tests are about).
    http.match(() => true);
    fixture.destroy();
  });

  it('labels the timeline for screen readers and tells where playback is', async () => {
    expect(canvas().getAttribute('role')).toBe('slider');
    expect(canvas().getAttribute('tabindex')).toBe('0');
    expect(canvas().getAttribute('aria-label')).toBe('Timeline of Porch');
    expect(canvas().getAttribute('aria-valuetext')).toMatch(/^Paused at \w{3}.*\d\d:\d\d:\d\d/);
    const summary = document.getElementById(canvas().getAttribute('aria-describedby') ?? '');
    expect(summary?.textContent).toContain('Space plays or pauses');
  });

  it('space plays and pauses; arrows step a frame while paused, seek while playing', async () => {
    expect((await press(' ')).defaultPrevented).toBe(true);
    expect(controller.togglePlay).toHaveBeenCalledTimes(1);
    await press('ArrowRight');
    await press('ArrowLeft');
    expect(controller.step.mock.calls).toEqual([[1], [-1]]);
    controller.playing.set(true);
    await press('ArrowRight');
    expect(controller.seekBy).toHaveBeenCalledWith(5000);
    await press('8');
    expect(controller.setRate).toHaveBeenCalledWith(8);
  });

  it('+ and − zoom the timeline', async () => {
    const span = viewSpan();
    expect(span).toBe(HOUR_MS);
    await press('+');
    expect(viewSpan()).toBe(span / 2);
    await press('-');
    await press('-');
    expect(viewSpan()).toBe(span * 2);
  });

  it('i and o mark the range at the play position, which can then be exported', async () => {
    const at = controller.positionMs() as number;
    await press('i');
    controller.positionMs.set(at + 90_000);
    await press('o');
    const range = host.querySelector('cr-export-panel .range')?.textContent ?? '';
    expect(range).toMatch(/\d\d:\d\d:\d\d.* → .*\d\d:\d\d:\d\d.* \(1:30\)/);
    const exportButton = host.querySelector<HTMLButtonElement>('cr-export-panel .export');
    expect(exportButton?.disabled).toBe(false);
    exportButton?.click();
    const request = http.expectOne('/exports');
    expect(request.request.body).toEqual({
      camera_id: 'cam',
      start: new Date(at).toISOString(),
      end: new Date(at + 90_000).toISOString(),
    });
  });

  it('a click on the timeline plays that instant', async () => {
    const timeline = host.querySelector('cr-timeline') as HTMLElement;
    const start = Number(timeline.dataset['viewStart']);
    for (const type of ['pointerdown', 'pointerup']) {
      canvas().dispatchEvent(new MouseEvent(type, { clientX: 250, button: 0, bubbles: true }));
    }
    await fixture.whenStable();
    // The track is 1000 px wide here (jsdom lays nothing out): a quarter of the hour.
    expect(controller.seek).toHaveBeenCalledWith(Math.round(start + HOUR_MS / 4), true);
  });

  it('leaves Space on a button to the button', async () => {
    const button = host.querySelector('button') as HTMLButtonElement;
    expect((await press(' ', button)).defaultPrevented).toBe(false);
    expect(controller.togglePlay).not.toHaveBeenCalled();
  });

  it('Live goes back to the live picture', async () => {
    const live = [...host.querySelectorAll('button')].find((b) => b.textContent?.includes('Live'));
    live?.click();
    expect(controller.stop).toHaveBeenCalled();
  });
});
