// Command line: node main.mjs [--port N] [--latency-ms N] [--rpm N] [--tpm N] [--seed N]; see cli-args.ts.
// Prints one line, "openai-stub listening on http://127.0.0.1:<port>", once it accepts requests.

import { parseArgs } from './cli-args';
import { createStubServer } from './server';

async function main(): Promise<void> {
  const { port, config } = parseArgs(process.argv.slice(2));
  const server = createStubServer(config);
  const actual = await server.listen(port);
  process.stdout.write(`openai-stub listening on http://127.0.0.1:${actual}\n`);
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // Started by startStub(): the parent holds an IPC channel open for as long as it lives.
  if (process.send) process.once('disconnect', stop);
}

main().catch((error: unknown) => {
  console.error(`openai-stub: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
