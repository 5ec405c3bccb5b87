// The bundle's local-time Date methods in the script's time zone (appsscript.json "timeZone"), not the
// host's. installZonedDate is compiled inside each execution's realm from its source text, so it must not
// use anything but the realm's own globals (Date, Intl, Object, Math...).

export interface ZoneHelpers {
  /** The instant at which the script's zone shows the wall time `wall` (ms, as if it were UTC). */
  fromWall(wall: number): number;
  /** Date.parse, reading strings without a zone in the script's zone. */
  parse(text: unknown): number;
}

export function installZonedDate(timeZone: string): ZoneHelpers {
  const RealDate = Date;
  const proto = RealDate.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const getTime = RealDate.prototype.getTime;
  const setTime = RealDate.prototype.setTime;
  const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const QUARTER_HOUR = 900_000; // every zone changes offset on a quarter hour
  let parts: Intl.DateTimeFormat | undefined;
  let names: Intl.DateTimeFormat | undefined;
  try {
    const numeric = 'numeric';
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: numeric,
      month: numeric,
      day: numeric,
      hour: numeric,
      minute: numeric,
      second: numeric,
    });
    names = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'long' });
  } catch {
    parts = undefined; // an unknown zone behaves as UTC
  }
  const offsets = new Map<number, number>();

  function offsetAt(t: number): number {
    if (!parts || !Number.isFinite(t)) return 0;
    const bucket = Math.floor(t / QUARTER_HOUR);
    const known = offsets.get(bucket);
    if (known !== undefined) return known;
    const at = bucket * QUARTER_HOUR;
    const field: Record<string, number> = {};
    for (const p of parts.formatToParts(new RealDate(at))) field[p.type] = Number(p.value);
    const wall = new RealDate(0);
    wall.setUTCFullYear(field.year, field.month - 1, field.day);
    wall.setUTCHours(field.hour, field.minute, field.second, 0);
    const offset = getTime.call(wall) - at;
    if (offsets.size > 4096) offsets.clear();
    offsets.set(bucket, offset);
    return offset;
  }

  function fromWall(wall: number): number {
    if (!Number.isFinite(wall)) return NaN;
    return wall - offsetAt(wall - offsetAt(wall));
  }

  function shifted(date: Date): Date {
    const t = getTime.call(date);
    return new RealDate(t + offsetAt(t));
  }

  function define(name: string, fn: (this: Date, ...args: unknown[]) => unknown): void {
    Object.defineProperty(RealDate.prototype, name, { value: fn, writable: true, configurable: true });
  }

  for (const name of ['FullYear', 'Month', 'Date', 'Day', 'Hours', 'Minutes', 'Seconds', 'Milliseconds']) {
    const utcGetter = proto[`getUTC${name}`];
    define(`get${name}`, function () {
      return utcGetter.call(shifted(this));
    });
    if (name === 'Day') continue;
    const utcSetter = proto[`setUTC${name}`];
    define(`set${name}`, function (...args: unknown[]) {
      const t = getTime.call(this);
      const wall = new RealDate(Number.isNaN(t) && name === 'FullYear' ? 0 : t + offsetAt(t));
      utcSetter.apply(wall, args);
      return setTime.call(this, fromWall(getTime.call(wall)));
    });
  }
  define('getYear', function () {
    return (this.getFullYear() as number) - 1900;
  });
  define('getTimezoneOffset', function () {
    const t = getTime.call(this);
    return Number.isNaN(t) ? NaN : -offsetAt(t) / 60_000;
  });

  const pad = (n: number) => String(n).padStart(2, '0');
  function dateString(d: Date): string {
    const w = shifted(d);
    const year = w.getUTCFullYear();
    const y = year < 0 ? `-${String(-year).padStart(6, '0')}` : String(year).padStart(4, '0');
    return `${DAYS[w.getUTCDay()]} ${MONTHS[w.getUTCMonth()]} ${pad(w.getUTCDate())} ${y}`;
  }
  function timeString(d: Date): string {
    const t = getTime.call(d);
    const w = shifted(d);
    const offset = offsetAt(t) / 60_000;
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    const zone =
      names?.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? 'Coordinated Universal Time';
    const clock = `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`;
    return `${clock} GMT${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)} (${zone})`;
  }
  const invalid = (d: Date) => Number.isNaN(getTime.call(d));
  define('toString', function () {
    return invalid(this) ? 'Invalid Date' : `${dateString(this)} ${timeString(this)}`;
  });
  define('toDateString', function () {
    return invalid(this) ? 'Invalid Date' : dateString(this);
  });
  define('toTimeString', function () {
    return invalid(this) ? 'Invalid Date' : timeString(this);
  });

  if (parts) {
    const withZone = (options: unknown) => {
      const o: Record<string, unknown> = Object.assign({}, options);
      if (o.timeZone === undefined) o.timeZone = timeZone;
      return o;
    };
    for (const name of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']) {
      const original = proto[name];
      define(name, function (locales?: unknown, options?: unknown) {
        return original.call(this, locales, withZone(options));
      });
    }
    const RealFormat = Intl.DateTimeFormat;
    const ZonedFormat = function (locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
      return new RealFormat(locales, withZone(options));
    } as unknown as typeof Intl.DateTimeFormat;
    Object.defineProperty(ZonedFormat, 'prototype', { value: RealFormat.prototype });
    Object.defineProperty(ZonedFormat, 'supportedLocalesOf', { value: RealFormat.supportedLocalesOf });
    Object.defineProperty(Intl, 'DateTimeFormat', { value: ZonedFormat, writable: true, configurable: true });
  }

  function parse(text: unknown): number {
    const s = String(text).trim();
    if (/Z$|[+-]\d{2}:?\d{2}$|\b(GMT|UTC)\b/.test(s) || /^\d{4}(-\d{2}(-\d{2})?)?$/.test(s)) {
      return RealDate.parse(s); // explicit zone, or an ISO date alone (UTC by the language's rules)
    }
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) return fromWall(RealDate.parse(`${s}Z`));
    const asWall = RealDate.parse(`${s} GMT`);
    return Number.isNaN(asWall) ? RealDate.parse(s) : fromWall(asWall);
  }

  return { fromWall, parse };
}
