// Builds the worker script (TypeScript) into .cache/emulator/worker.cjs once per process, so workers can
// start from a plain file both under jest and from a node script.
import { buildSync } from 'esbuild';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ENTRY = join('worker', 'main.ts');
let built: string | undefined;

export function workerScriptPath(): string {
  if (built) return built;
  const dir = emulatorDir();
  const out = join(resolve(dir, '..', '..'), '.cache', 'emulator', 'worker.cjs');
  mkdirSync(dirname(out), { recursive: true });
  const result = buildSync({
    entryPoints: [join(dir, ENTRY)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  // Written under a temporary name then renamed: other processes may be starting workers from the file.
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, result.outputFiles[0].contents);
  renameSync(tmp, out);
  built = out;
  return out;
}

/** This folder, found from __dirname (CommonJS, jest) or, when bundled as ESM, from the working directory. */
function emulatorDir(): string {
  const candidates: string[] = [];
  if (typeof __dirname === 'string') candidates.push(__dirname);
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    candidates.push(join(dir, 'tools', 'emulator'));
    if (dirname(dir) === dir) break;
  }
  const found = candidates.find((d) => existsSync(join(d, ENTRY)));
  if (!found) throw new Error(`Cannot find tools/emulator/${ENTRY} from ${process.cwd()}`);
  return found;
}
