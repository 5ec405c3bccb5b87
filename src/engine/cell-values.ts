// Text that goes into cells with setValues is interpreted by Sheets: "=..." becomes a formula, and
// "+", "-", "@" can too. Anything the model wrote is stored as plain text instead.

const INTERPRETED_START = /^[=+\-@']/;

export function plainCellValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return INTERPRETED_START.test(value) ? `'${value}` : value;
}
