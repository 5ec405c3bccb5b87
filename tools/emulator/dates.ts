// Date checks that work across realms: values cloned from a worker (or created by a test runner's own
// global) are Dates without being `instanceof` this realm's Date.

export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

export function copyDate(value: Date): Date {
  return new Date(value.getTime());
}
