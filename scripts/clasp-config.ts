// What `npm run deploy` checks in .clasp.json before pushing (see scripts/deploy.ts).

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
