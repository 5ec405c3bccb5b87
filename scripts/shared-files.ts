// Files this project reads from outside the repository, and where it looks for them: a variable
// naming the file, else `$SHARED_DIR/<path>`, else `../shared/<path>` beside the repository.
// Tests that need one skip without it (announced in one line), except in CI, which fails instead.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface SharedFile {
  variable: string;
  path: string;
  checks: string;
  get: string;
}

export const SHARED_FILES = {
  openapi: {
    variable: 'OPENAI_OPENAPI_JSON',
    path: 'openai/openapi.json',
    checks: 'stub responses and add-on requests against OpenAI’s published OpenAPI description',
    get: 'get it from github.com/openai/openai-openapi (openapi.yaml, converted to JSON)',
  },
  checkBundle: {
    variable: 'CHECK_BUNDLE_SCRIPT',
    path: 'tools/check-bundle.mjs',
    checks: 'dist/ against the add-on’s public contract (check-bundle.mjs)',
    get: 'it comes with the product brief, beside the repository in CI',
  },
} satisfies Record<string, SharedFile>;

export type SharedFileName = keyof typeof SHARED_FILES;

/** The directory with this project's package.json. */
export function projectRoot(): string {
  const starts = [typeof __dirname === 'string' ? __dirname : null, process.cwd()];
  for (const start of starts) {
    for (let dir = start; dir;) {
      if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'shared-files.ts')))
        return dir;
      const parent = dirname(dir);
      dir = parent === dir ? null : parent;
    }
  }
  throw new Error(
    'cannot find the project root (scripts/shared-files.ts) above this file or the working directory',
  );
}

export function sharedDir(): string {
  return resolve(process.env.SHARED_DIR || join(projectRoot(), '..', 'shared'));
}

function candidate(name: SharedFileName): string {
  const file = SHARED_FILES[name];
  return resolve(process.env[file.variable] || join(sharedDir(), file.path));
}

/** Absolute path of a shared file, or null when it is not there. */
export function sharedFile(name: SharedFileName): string | null {
  const path = candidate(name);
  return existsSync(path) ? path : null;
}

/** The one line said when a shared file is missing: what is skipped, and how to get the file. */
export function missingLine(name: SharedFileName): string {
  const file = SHARED_FILES[name];
  return `skipped: ${file.checks}; no ${candidate(name)}: ${file.get}, and set ${file.variable} to its path`;
}

/** CI must run every test: there a missing shared file is an error, not a skip. */
export function mustHaveSharedFiles(): boolean {
  return !!process.env.CI && process.env.CI !== 'false';
}
