import { Counter, Gauge, type LabelValues, type Registry } from 'prom-client';

/** One value of a metric, with its labels. */
export type Sample<L extends string> = [labels: LabelValues<L>, value: number];

export interface SampledMetricConfig<L extends string> {
  /** Prometheus' conventions: `camrec_` first, the base unit in the name, `_total` for counters. */
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Read from the services at every scrape (pulled: no timer keeps values up to date). */
  read: () => Sample<L>[] | Promise<Sample<L>[]>;
}

/**
 * A gauge whose values are read at every scrape. A label set no longer read (a deleted camera)
 * is gone from the next scrape; a metric without labels and without a sample (a value that
 * could not be read) is left out rather than reported as 0.
 */
export function sampledGauge<L extends string>(
  registry: Registry,
  { read, ...config }: SampledMetricConfig<L>,
): Gauge<L> {
  return new Gauge<L>({
    ...config,
    registers: [registry],
    async collect() {
      replaceSamples(this, await read(), config.labelNames, (labels, value) =>
        this.set(labels, value),
      );
    },
  });
}

/**
 * A counter whose totals are read at every scrape: the services count (their totals only grow
 * while the server runs), the counter reports them.
 */
export function sampledCounter<L extends string>(
  registry: Registry,
  { read, ...config }: SampledMetricConfig<L>,
): Counter<L> {
  return new Counter<L>({
    ...config,
    registers: [registry],
    async collect() {
      replaceSamples(this, await read(), config.labelNames, (labels, value) =>
        this.inc(labels, value),
      );
    },
  });
}

/** The scrape reports these samples only: the previous scrape's label sets are dropped. */
function replaceSamples<L extends string>(
  metric: Gauge<L> | Counter<L>,
  samples: Sample<L>[],
  labelNames: readonly L[],
  record: (labels: LabelValues<L>, value: number) => void,
): void {
  metric.reset();
  if (samples.length === 0 && labelNames.length === 0) metric.remove({});
  for (const [labels, value] of samples) record(labels, value);
}

/**
 * One reading shared by the metrics of one scrape: prom-client starts collecting every metric
 * in one synchronous pass, so a reading kept until the next microtask is that scrape's own.
 */
export function perScrape<T>(read: () => T): () => T {
  let current: { value: T } | null = null;
  return () => {
    if (!current) {
      current = { value: read() };
      queueMicrotask(() => (current = null));
    }
    return current.value;
  };
}
