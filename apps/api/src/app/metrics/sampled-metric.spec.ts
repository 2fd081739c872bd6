import { Registry } from 'prom-client';
import { perScrape, sampledCounter, sampledGauge, type Sample } from './sampled-metric';

describe('sampled metrics', () => {
  it('report what is read at each scrape; label sets no longer read are gone', async () => {
    const registry = new Registry();
    let cameras: Sample<'camera'>[] = [
      [{ camera: 'a' }, 3],
      [{ camera: 'b' }, 5],
    ];
    sampledCounter(registry, {
      name: 'camrec_test_frames_total',
      help: 'Frames.',
      labelNames: ['camera'],
      read: () => cameras,
    });
    expect(await registry.metrics()).toContain(
      'camrec_test_frames_total{camera="a"} 3\ncamrec_test_frames_total{camera="b"} 5',
    );
    cameras = [[{ camera: 'a' }, 4]];
    const text = await registry.metrics();
    expect(text).toContain('camrec_test_frames_total{camera="a"} 4');
    expect(text).not.toContain('camera="b"');
  });

  it('leave out a value without labels that could not be read, rather than report 0', async () => {
    const registry = new Registry();
    let free: number | null = null;
    sampledGauge(registry, {
      name: 'camrec_test_free_bytes',
      help: 'Free bytes.',
      labelNames: [],
      read: async () => (free === null ? [] : [[{}, free]]),
    });
    expect(await registry.metrics()).not.toMatch(/^camrec_test_free_bytes/m);
    free = 42;
    expect(await registry.metrics()).toMatch(/^camrec_test_free_bytes 42$/m);
  });

  it('share one reading among the metrics of one scrape, and read again at the next', async () => {
    const registry = new Registry();
    let reads = 0;
    const read = perScrape(() => ++reads);
    for (const name of ['camrec_test_one', 'camrec_test_two']) {
      sampledGauge(registry, { name, help: name, labelNames: [], read: () => [[{}, read()]] });
    }
    expect(await registry.metrics()).toMatch(/camrec_test_one 1\n[^]*camrec_test_two 1\n/);
    expect(await registry.metrics()).toMatch(/camrec_test_one 2\n[^]*camrec_test_two 2\n/);
  });
});
