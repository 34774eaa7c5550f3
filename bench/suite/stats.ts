/** Percentiles, medians and the figure record every section of the suite fills in. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export interface Figure {
  /** Stable key, e.g. `inbound.sqlite.msgPerSecond`; the check script asks for these. */
  key: string;
  section: string;
  label: string;
  value: number;
  unit: string;
  /** How it was measured (runs, sizes, scaling), shown beside the value. */
  note?: string;
}

export interface Target {
  name: string;
  key: string;
  op: ">=" | "<=" | "<";
  threshold: number;
  unit: string;
}

/** Collects the figures of one run. */
export class Figures {
  readonly list: Figure[] = [];

  add(figure: Figure): void {
    this.list.push({ ...figure, value: round(figure.value, 3) });
  }

  get(key: string): number | undefined {
    return this.list.find((f) => f.key === key)?.value;
  }
}

/** Runs `run` `times` times and returns every result (for medians over runs). */
export async function repeat<T>(times: number, run: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < times; i += 1) results.push(await run(i));
  return results;
}

/** A line on stderr that says where the suite is (stdout stays free for the summary). */
export function progress(text: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `done` holds; throws after `timeoutMs`. */
export async function until(
  done: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 120_000,
  everyMs = 5,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
