// Where a job's rows are now: runs of consecutive rows of the job (by index) on consecutive sheet rows.
// A job starts as one run; every insertion inside its range or deletion splits it, and the runs are
// rebuilt from the rows' markers (anchors.ts).

/** [first index, its sheet row, how many]. */
export type Run = [number, number, number];

export function rowOf(runs: Run[], index: number): number | null {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, row, count] = runs[mid];
    if (index < first) hi = mid - 1;
    else if (index >= first + count) lo = mid + 1;
    else return row + index - first;
  }
  return null;
}

export function shiftRuns(runs: Run[], by: number): Run[] {
  return runs.map(([first, row, count]) => [first, row + by, count]);
}

/** Runs from (index, row) pairs in any order. */
export function runsFrom(pairs: Array<[number, number]>): Run[] {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  const runs: Run[] = [];
  for (const [index, row] of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[0] + last[2] === index && last[1] + last[2] === row) last[2]++;
    else runs.push([index, row, 1]);
  }
  return runs;
}

/** The (index, row) pairs of the runs, by index. */
export function pairsOf(runs: Run[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [first, row, count] of runs) for (let k = 0; k < count; k++) out.push([first + k, row + k]);
  return out;
}

/** The first and last sheet rows the runs cover, or null when no row is left. */
export function spanOf(runs: Run[]): [number, number] | null {
  if (!runs.length) return null;
  let top = Infinity;
  let bottom = -Infinity;
  for (const [, row, count] of runs) {
    top = Math.min(top, row);
    bottom = Math.max(bottom, row + count - 1);
  }
  return [top, bottom];
}

/** Consecutive sheet rows with their values, for writing runs of cells in one call each. */
export function contiguous<T>(byRow: Map<number, T>): Array<[number, T[]]> {
  const rows = [...byRow.keys()].sort((a, b) => a - b);
  const out: Array<[number, T[]]> = [];
  for (const row of rows) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1].length === row) last[1].push(byRow.get(row) as T);
    else out.push([row, [byRow.get(row) as T]]);
  }
  return out;
}
