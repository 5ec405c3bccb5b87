// The stub's command-line options: --port N (0: any free port), --latency-ms, --rpm, --tpm, --seed.

import type { StubConfig } from './config';

const FLAGS: Record<string, 'port' | 'latencyMs' | 'rpm' | 'tpm' | 'seed'> = {
  '--port': 'port',
  '--latency-ms': 'latencyMs',
  '--rpm': 'rpm',
  '--tpm': 'tpm',
  '--seed': 'seed',
};

/** Accepts "--flag N" and "--flag=N"; throws on anything else. */
export function parseArgs(argv: string[]): { port: number; config: Partial<StubConfig> } {
  let port = 0;
  const config: Partial<StubConfig> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const name = FLAGS[flag];
    if (!name) throw new Error(`unknown option ${flag}`);
    const raw = inline ?? argv[++i];
    const value = Number(raw);
    const positive = name === 'rpm' || name === 'tpm';
    if (raw === undefined || !Number.isInteger(value) || value < (positive ? 1 : 0)) {
      throw new Error(`${flag} needs a whole number ${positive ? '>= 1' : '>= 0'}`);
    }
    if (name === 'port') port = value;
    else config[name] = value;
  }
  return { port, config };
}
