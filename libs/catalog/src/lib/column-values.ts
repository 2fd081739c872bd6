/*
 * Conversions between JS values and the columns that SQLite lacks a type for. Kept here so that
 * a dialect with real booleans and JSON changes one file.
 */

/** The TEXT of a JSON column; `undefined` is stored as null so that the column is never empty. */
export function toJsonColumn(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJsonColumn(text: string): unknown {
  return JSON.parse(text) as unknown;
}

/** better-sqlite3 cannot bind a boolean: flags are stored 0/1. */
export function toFlagColumn(value: boolean): number {
  return value ? 1 : 0;
}

export function fromFlagColumn(value: number | boolean): boolean {
  return Boolean(value);
}
