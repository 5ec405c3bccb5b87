// PropertiesService stores with the documented size limits.

export const PROPERTY_MAX_VALUE_BYTES = 9 * 1024;
export const PROPERTY_MAX_STORE_BYTES = 500 * 1024;

export class PropertyLimitError extends Error {}

export class PropertyStore {
  private values = new Map<string, string>();

  get(key: string): string | null {
    return this.values.get(key) ?? null;
  }

  all(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  keys(): string[] {
    return [...this.values.keys()];
  }

  /** All-or-nothing: limits are checked on the would-be result before anything changes. */
  setAll(props: Record<string, string>, deleteAllOthers = false): void {
    const next = new Map(deleteAllOthers ? [] : this.values);
    for (const [key, value] of Object.entries(props)) {
      if (Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8') > PROPERTY_MAX_VALUE_BYTES) {
        throw new PropertyLimitError('Argument too large: value');
      }
      next.set(key, value);
    }
    if (storeBytes(next) > PROPERTY_MAX_STORE_BYTES) {
      throw new PropertyLimitError(
        'You have exceeded the property storage quota. Please remove some properties and try again.',
      );
    }
    this.values = next;
  }

  delete(key: string): void {
    this.values.delete(key);
  }

  clear(): void {
    this.values.clear();
  }
}

function storeBytes(values: Map<string, string>): number {
  let total = 0;
  for (const [k, v] of values) total += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  return total;
}
