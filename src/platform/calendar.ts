// Days and months in a time zone, from its offset to UTC at a given moment. The offset comes from
// the platform (Utilities.formatDate with the spreadsheet's time zone); the rest is arithmetic.

export interface Calendar {
  /** "2026-12-01" in the time zone. */
  day(now: number): string;
  /** "2026-12". */
  month(now: number): string;
  /** When the next day starts (local midnight), in ms. */
  nextDay(now: number): number;
  /** When the next month starts. */
  nextMonth(now: number): number;
}

const DAY_MS = 86_400_000;

/** `offsetOf(now)`: ms to add to UTC to get the local wall-clock time at `now`. */
export function calendarFromOffset(offsetOf: (now: number) => number): Calendar {
  const local = (now: number) => new Date(now + offsetOf(now));
  return {
    day: (now) => local(now).toISOString().slice(0, 10),
    month: (now) => local(now).toISOString().slice(0, 7),
    nextDay(now) {
      const shifted = now + offsetOf(now);
      return (Math.floor(shifted / DAY_MS) + 1) * DAY_MS - offsetOf(now);
    },
    nextMonth(now) {
      const d = local(now);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - offsetOf(now);
    },
  };
}

export const UTC_CALENDAR: Calendar = calendarFromOffset(() => 0);

/** "+0900" / "-0530" -> ms. */
export function parseZoneOffset(text: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text.trim());
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return (m[1] === '-' ? -1 : 1) * minutes * 60_000;
}
