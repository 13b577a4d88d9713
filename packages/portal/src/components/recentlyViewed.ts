/** Entities this browser opened last, newest first (kept in localStorage, at most 20). */
export interface RecentVisit {
  ref: string;
  kind: string;
  title: string;
  at: number;
}

const KEY = 'paved-recently-viewed';
const MAX = 20;

export function readRecentlyViewed(): RecentVisit[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed)
      ? parsed.filter(
          (v): v is RecentVisit =>
            typeof v?.ref === 'string' && typeof v?.kind === 'string' && typeof v?.title === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

export function recordVisit(visit: Omit<RecentVisit, 'at'>): void {
  try {
    const rest = readRecentlyViewed().filter((v) => v.ref !== visit.ref);
    localStorage.setItem(KEY, JSON.stringify([{ ...visit, at: Date.now() }, ...rest].slice(0, MAX)));
  } catch {
    // storage full or disabled: the list is a convenience
  }
}
