import { spawn } from 'node:child_process';
import { parseArgs } from '../../tools/openai-stub/cli-args';
import { bundle } from '../../tools/openai-stub/index';
import { call } from './client';

describe('the command line', () => {
  test('options become config, and --port 0 is the default', () => {
    expect(parseArgs(['--port', '8123', '--latency-ms=40', '--rpm', '60', '--tpm', '1000'])).toEqual({
      port: 8123,
      config: { latencyMs: 40, rpm: 60, tpm: 1000 },
    });
    expect(parseArgs([])).toEqual({ port: 0, config: {} });
  });

  test('unknown options and bad numbers are refused', () => {
    expect(() => parseArgs(['--verbose'])).toThrow(/unknown option --verbose/);
    expect(() => parseArgs(['--rpm', '0'])).toThrow(/--rpm/);
    expect(() => parseArgs(['--latency-ms', 'soon'])).toThrow(/--latency-ms/);
  });

  test('the server prints exactly one listening line, applies its flags, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [bundle(), '--port', '0', '--rpm', '7'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const baseUrl = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const match = /^openai-stub listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(stdout);
          if (match) resolve(match[1]);
        });
        child.once('exit', () => reject(new Error(`exited early: ${stdout}`)));
      });
      const reply = await call(baseUrl, 'GET', '/v1/models');
      expect(reply.headers.get('x-ratelimit-limit-requests')).toBe('7');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
