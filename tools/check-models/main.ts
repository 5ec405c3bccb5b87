// Entry point of `npm run check-models` (see compare.ts).
import { run } from './compare';

process.exitCode = await run(process.env, (line) => console.log(line));
