// Durations written the way the real API writes them in headers and messages: "120ms", "1.5s", "6m0s".

export function formatDuration(ms: number): string {
  const whole = Math.max(0, Math.ceil(ms));
  if (whole < 1000) return `${whole}ms`;
  if (whole < 60_000) return `${trimDecimals(whole / 1000)}s`;
  const minutes = Math.floor(whole / 60_000);
  return `${minutes}m${trimDecimals((whole - minutes * 60_000) / 1000)}s`;
}

function trimDecimals(seconds: number): string {
  return String(Number(seconds.toFixed(3)));
}
