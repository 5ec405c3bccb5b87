// Utilities.formatDate: a subset of Java's SimpleDateFormat patterns, in a given time zone.

export interface Parts {
  year: number;
  month: number; // 1-12
  day: number;
  weekday: number; // 0 = Sunday
  hour: number;
  minute: number;
  second: number;
  millis: number;
  offsetMinutes: number;
}

const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);
const DAYS = 'Sunday Monday Tuesday Wednesday Thursday Friday Saturday'.split(' ');
const FIXED = /^(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$/;

export function formatDate(date: Date, timeZone: string, pattern: string): string {
  const p = partsIn(date, timeZone);
  return pattern.replace(/'([^']*)'|([A-Za-z])\2*/g, (token: string, quoted?: string) =>
    quoted !== undefined ? quoted || "'" : field(token, p),
  );
}

function field(token: string, p: Parts): string {
  const n = token.length;
  const pad = (v: number) => String(v).padStart(n, '0');
  switch (token[0]) {
    case 'y':
      return n === 2 ? String(p.year % 100).padStart(2, '0') : pad(p.year);
    case 'M':
      return n >= 4 ? MONTHS[p.month - 1] : n === 3 ? MONTHS[p.month - 1].slice(0, 3) : pad(p.month);
    case 'd':
      return pad(p.day);
    case 'E':
      return n >= 4 ? DAYS[p.weekday] : DAYS[p.weekday].slice(0, 3);
    case 'u':
      return String(p.weekday === 0 ? 7 : p.weekday);
    case 'H':
      return pad(p.hour);
    case 'k':
      return pad(p.hour === 0 ? 24 : p.hour);
    case 'h':
      return pad(p.hour % 12 === 0 ? 12 : p.hour % 12);
    case 'K':
      return pad(p.hour % 12);
    case 'm':
      return pad(p.minute);
    case 's':
      return pad(p.second);
    case 'S':
      return String(p.millis).padStart(3, '0').slice(0, Math.max(n, 3));
    case 'a':
      return p.hour < 12 ? 'AM' : 'PM';
    case 'Z':
      return offset(p.offsetMinutes, '');
    case 'X':
      return p.offsetMinutes === 0 ? 'Z' : offset(p.offsetMinutes, n >= 3 ? ':' : '');
    case 'z':
      return `GMT${offset(p.offsetMinutes, ':')}`;
    default:
      return token;
  }
}

function offset(minutes: number, sep: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${sep}${String(abs % 60).padStart(2, '0')}`;
}

export function partsIn(date: Date, timeZone: string): Parts {
  const fixed = FIXED.exec(timeZone);
  if (fixed) {
    const minutes = (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
    return utcParts(new Date(date.getTime() + minutes * 60_000), minutes);
  }
  try {
    return zonedParts(date, timeZone);
  } catch {
    return utcParts(date, 0); // unknown zones fall back to GMT, as in Apps Script
  }
}

function utcParts(d: Date, offsetMinutes: number): Parts {
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millis: d.getUTCMilliseconds(),
    offsetMinutes,
  };
}

function zonedParts(date: Date, timeZone: string): Parts {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const get = (type: string) => Number(fmt.formatToParts(date).find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offsetMinutes = Math.round((wall - (date.getTime() - date.getMilliseconds())) / 60_000);
  return { ...utcParts(new Date(wall), offsetMinutes), millis: date.getMilliseconds() };
}
