// Wall-clock time in a time zone and the instant it stands for (host side).
import { partsIn } from './services/format-date';
import type { WallClock } from './types';

export function offsetMinutes(instant: number, timeZone: string): number {
  return partsIn(new Date(instant), timeZone).offsetMinutes;
}

/** The instant at which clocks in `timeZone` show `wall` (the later one in a repeated hour). */
export function wallToInstant(wall: WallClock, timeZone: string): number {
  const local = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour ?? 0,
    wall.minute ?? 0,
    wall.second ?? 0,
  );
  const first = local - offsetMinutes(local, timeZone) * 60_000;
  const second = local - offsetMinutes(first, timeZone) * 60_000;
  return second;
}

export function wallClockOf(date: Date, timeZone: string): Required<WallClock> & { weekday: number } {
  const p = partsIn(date, timeZone);
  return {
    year: p.year,
    month: p.month,
    day: p.day,
    hour: p.hour,
    minute: p.minute,
    second: p.second,
    weekday: p.weekday,
  };
}

/** 'yyyy-mm-dd' or 'yyyy-mm-dd hh:mm[:ss]' as a wall clock. */
export function parseWallClock(text: string): WallClock {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) throw new Error(`Not a date: ${text} (use yyyy-mm-dd or yyyy-mm-dd hh:mm:ss)`);
  const [, y, mo, d, h, mi, s] = m.map((v) => (v === undefined ? undefined : Number(v)));
  return { year: y!, month: mo!, day: d!, hour: h ?? 0, minute: mi ?? 0, second: s ?? 0 };
}
