// One section (or part) of a run: its result, or the error that stopped it, under its name.
import type { SectionError } from './results';

/** Runs `run` and stores its result (or its error's stack) as `results[name]`, timed in the log. */
export async function section<K extends string, T>(
  results: { [key in K]?: T | SectionError },
  name: K,
  run: () => Promise<T>,
): Promise<void> {
  const started = Date.now();
  console.log(`bench: ${name}...`);
  try {
    results[name] = await run();
  } catch (error) {
    results[name] = { error: (error as Error).stack ?? String(error) };
    console.error(`bench: ${name} failed: ${(error as Error).message}`);
  }
  console.log(`bench: ${name} done in ${Math.round((Date.now() - started) / 1000)} s`);
}
