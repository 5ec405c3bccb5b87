// Checking custom-function arguments. Sheets passes "" for an omitted trailing argument that was
// typed as empty, and undefined for one that was left out.
import { cellText, listArgument } from '../engine/values';
import { UserError } from '../i18n/messages';

export function isOmitted(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export function requiredText(name: string, value: unknown): string {
  const text = Array.isArray(value) ? listArgument(value).join(', ') : cellText(value);
  if (!text) throw new UserError('argument_required', { name });
  return text;
}

export function optionalText(value: unknown): string | undefined {
  return isOmitted(value) ? undefined : cellText(value);
}

export function optionalNumber(name: string, value: unknown, min: number, max: number): number | undefined {
  if (isOmitted(value)) return undefined;
  const n = typeof value === 'number' ? value : Number(cellText(value));
  if (!Number.isFinite(n) || n < min || n > max) throw new UserError('number_argument', { name, min, max });
  return n;
}

/** A whole number between min and max, or undefined when omitted. */
export function optionalInteger(name: string, value: unknown, min: number, max: number): number | undefined {
  const n = optionalNumber(name, value, min, max);
  if (n !== undefined && !Number.isInteger(n))
    throw new UserError('whole_number_argument', { name, min, max });
  return n;
}
