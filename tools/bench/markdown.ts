// Markdown helpers of the summary: figures with their unit, and tables.
import { round } from './stats';

type Cell = string | number;

export const fmt = (value: number | string | null | undefined, unit = ''): string =>
  value === null || value === undefined ? '—' : `${value}${unit}`;

export const pct = (share: number | null | undefined): string =>
  share === null || share === undefined ? '—' : `${round(share * 100, 2)} %`;

export const times = (value: number | null): string => (value === null ? '—' : `${value}×`);

export const table = (head: string[], rows: Cell[][]): string =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
