/** Sorted lists of ordinals (sparse postings, original-case variants). */

/** The index of `value`, or `-1 - insertionPoint` when absent. */
export function binarySearch(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid] as number;
    if (v < value) lo = mid + 1;
    else if (v > value) hi = mid - 1;
    else return mid;
  }
  return -1 - lo;
}

export function insertSorted(list: number[], value: number): void {
  const at = binarySearch(list, value);
  if (at >= 0) return;
  const pos = -1 - at;
  if (pos === list.length) list.push(value);
  else list.splice(pos, 0, value);
}

/** Returns whether the value was there. */
export function removeSorted(list: number[], value: number): boolean {
  const at = binarySearch(list, value);
  if (at < 0) return false;
  list.splice(at, 1);
  return true;
}
