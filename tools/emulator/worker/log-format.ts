// Formats Logger.log / console.* arguments into one line: '%s'-style substitutions, then the rest.

export function formatLog(args: unknown[]): string {
  if (args.length === 0) return '';
  const [first, ...rest] = args;
  if (typeof first !== 'string' || !/%[sdifoOj]/.test(first)) return args.map(show).join(' ');
  const queue = [...rest];
  const head = first.replace(/%([sdifoOj%])/g, (token, kind: string) => {
    if (kind === '%') return '%';
    if (!queue.length) return token;
    const value = queue.shift();
    if (kind === 'd' || kind === 'i') return String(Math.trunc(Number(value)));
    if (kind === 'f') return String(Number(value));
    return show(value);
  });
  return [head, ...queue.map(show)].join(' ');
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null || typeof value !== 'object') return String(value);
  if (Object.prototype.toString.call(value) === '[object Error]') {
    const e = value as Error;
    return `${e.name}: ${e.message}`;
  }
  if (Object.prototype.toString.call(value) === '[object Date]') return (value as Date).toString();
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
