import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { recordingStatus } from '../../test-support/api-fixtures';
import { VideosStore } from '../recordings/videos-store';
import { RecordingTracker } from './recording-tracker';

describe('RecordingTracker', () => {
  let tracker: RecordingTracker;
  let http: HttpTestingController;
  let refreshes: number;

  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  beforeEach(() => {
    refreshes = 0;
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        RecordingTracker,
        { provide: VideosStore, useValue: { refreshSoon: () => refreshes++ } },
      ],
    });
    tracker = TestBed.inject(RecordingTracker);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    http.verify();
  });

  it('reads the state when it starts following a session', async () => {
    tracker.follow('s1', false);
    http.expectOne('/record/status/s1').flush(recordingStatus());
    await settle();
    expect(tracker.recording()).toBe(false);
  });

  it('records for a duration, follows the status and refreshes the library at the end', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    try {
      tracker.follow('s1', false);
      http.expectOne('/record/status/s1').flush(recordingStatus());
      await Promise.resolve();

      const starting = tracker.start(10);
      expect(tracker.busy()).toBe('starting');
      http.expectOne('/record/start').flush({ filename: 'f.mp4', started_at: 'x', duration: 10 });
      await starting;
      expect(tracker.recording()).toBe(true);
      expect(tracker.status()?.duration).toBe(10);

      jest.advanceTimersByTime(1000);
      http.expectOne('/record/status/s1').flush(
        recordingStatus({
          state: 'recording',
          filename: 'f.mp4',
          elapsed_s: 1,
          duration: 10,
          bytes: 9,
        }),
      );
      await Promise.resolve();
      await Promise.resolve();
      expect(tracker.status()?.elapsed_s).toBe(1);

      jest.advanceTimersByTime(1000);
      http.expectOne('/record/status/s1').flush(
        recordingStatus({
          state: 'completed',
          filename: 'f.mp4',
          elapsed_s: 10,
          duration: 10,
          bytes: 99,
        }),
      );
      await Promise.resolve();
      await Promise.resolve();
      expect(tracker.recording()).toBe(false);
      expect(tracker.saved()).toBe('f.mp4');
      expect(refreshes).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('stops a recording and shows a failure to start in words', async () => {
    tracker.follow('s1', true);
    http
      .expectOne('/record/status/s1')
      .flush(recordingStatus({ state: 'recording', filename: 'f.mp4', elapsed_s: 3, bytes: 9 }));
    await settle();
    expect(tracker.recording()).toBe(true);

    const stopping = tracker.stop();
    http.expectOne('/record/stop').flush({ filename: 'f.mp4', duration_s: 3.4, size_bytes: 1234 });
    await stopping;
    expect(tracker.recording()).toBe(false);
    expect(tracker.saved()).toBe('f.mp4');
    expect(refreshes).toBe(1);

    const starting = tracker.start(null);
    http
      .expectOne('/record/start')
      .flush(
        { statusCode: 507, error: 'Insufficient Storage', message: 'only 80 MB free in videos' },
        { status: 507, statusText: 'Insufficient Storage' },
      );
    await starting;
    expect(tracker.error()).toBe('Not enough room to record. Only 80 MB free in videos.');
  });
});
