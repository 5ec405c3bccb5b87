// Argument coercion for service handlers, following Apps Script's string conversions.

export function str(value: unknown, name = 'value'): string {
  if (value === undefined || value === null) throw new Error(`Invalid argument: ${name}`);
  return String(value);
}

export function optStr(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

export function num(value: unknown, name = 'value'): number {
  const n = Number(value);
  if (value === undefined || value === null || Number.isNaN(n)) throw new Error(`Invalid argument: ${name}`);
  return n;
}

export function list(value: unknown, name = 'value'): unknown[] {
  if (!Array.isArray(value)) throw new Error(`Invalid argument: ${name}`);
  return value;
}

export function record(value: unknown, name = 'value'): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`Invalid argument: ${name}`);
  return value as Record<string, unknown>;
}

export function stringRecord(value: unknown, name = 'value'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value, name))) out[k] = str(v, name);
  return out;
}
