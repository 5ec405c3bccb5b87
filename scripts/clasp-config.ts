// What `npm run deploy` checks before running anything: clasp's login and .clasp.json (scripts/deploy.ts).
import { join } from 'node:path';

export interface ClaspCheck {
  /** Why the push cannot go ahead. */
  error?: string;
  warnings: string[];
}

export function checkClaspConfig(text: string | null): ClaspCheck {
  if (text === null) {
    return {
      error: [
        'No .clasp.json yet. Create a standalone Apps Script project for the add-on (recommended):',
        '  npx clasp create --type standalone --title "GPT Functions" --rootDir dist',
        "or copy .clasp.example.json to .clasp.json and put your project's script id in it.",
      ].join('\n'),
      warnings: [],
    };
  }
  let config: { scriptId?: unknown; rootDir?: unknown; parentId?: unknown };
  try {
    config = JSON.parse(text) as typeof config;
  } catch {
    return { error: '.clasp.json is not valid JSON.', warnings: [] };
  }
  if (typeof config.scriptId !== 'string' || !config.scriptId || /REPLACE/.test(config.scriptId)) {
    return { error: '.clasp.json has no script id: put your project\'s id in "scriptId".', warnings: [] };
  }
  const warnings: string[] = [];
  if (config.rootDir !== 'dist')
    warnings.push('.clasp.json should have "rootDir": "dist" (the built add-on).');
  const parents = [config.parentId].flat().filter((p): p is string => typeof p === 'string' && p !== '');
  if (parents.length) {
    warnings.push(
      [
        `.clasp.json points at a script bound to a spreadsheet (parentId ${parents.join(', ')}).`,
        'Every editor of that spreadsheet can open Extensions > Apps Script, change the code and read the',
        'owner’s API key. Use it only for a spreadsheet nobody else edits. For shared spreadsheets, push to',
        'a standalone project (npx clasp create --type standalone ...) and install it from',
        'Deploy > Test deployments as an editor add-on.',
      ].join('\n'),
    );
  }
  return { warnings };
}

/**
 * Where clasp 3 reads its login from: the `clasp_config_auth` setting (a file, or a folder holding
 * `.clasprc.json`), else `~/.clasprc.json` (@google/clasp 3.4.1, src/auth/auth.ts `initAuth`).
 */
export function claspAuthPath(
  env: NodeJS.ProcessEnv,
  home: string,
  isDirectory: (path: string) => boolean,
): string {
  const configured = env.clasp_config_auth;
  if (!configured) return join(home, '.clasprc.json');
  return isDirectory(configured) ? join(configured, '.clasprc.json') : configured;
}

/**
 * Why clasp cannot push as anyone, or undefined when its credentials file holds a login: a token of
 * the default user, or one of the older formats clasp 3 still reads (`token`, `access_token`).
 */
export function checkClaspLogin(authPath: string, text: string | null): string | undefined {
  const login = [
    `clasp is not logged in (no credentials in ${authPath}).`,
    'Run this once, then deploy again:',
    '  npx clasp login',
  ].join('\n');
  if (text === null) return login;
  let store: { tokens?: Record<string, unknown>; token?: unknown; access_token?: unknown };
  try {
    store = JSON.parse(text) as typeof store;
  } catch {
    return `${authPath} is not valid JSON. Log in again:\n  npx clasp login`;
  }
  if (store.tokens?.default || store.token || store.access_token) return undefined;
  return login;
}
