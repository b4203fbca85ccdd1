/** Times on pages and labels: UTC, unambiguous in every language, no locale data needed. */

/**
 * `2026-03-02 14:05 UTC`, or just `2026-03-02` at midnight when `dateOnlyAtMidnight` is set (periods
 * and validity dates). An unparseable value is returned as given (it is escaped by the caller).
 */
export function formatUtc(iso: string, dateOnlyAtMidnight = false): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const text = new Date(ms).toISOString();
  const date = text.slice(0, 10);
  const time = text.slice(11, 16);
  if (dateOnlyAtMidnight && text.slice(11, 19) === '00:00:00') return date;
  return `${date} ${time} UTC`;
}

/** `2026-03-02`: the UTC date alone (labels print dates, not times). */
export function formatUtcDate(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 10);
}
