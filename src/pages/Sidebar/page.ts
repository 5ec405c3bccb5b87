// The settings sidebar: the API key first, then budget and usage, column jobs, the model and a
// quick try, each a fold (fold.ts). Loaded once per opening; everything it shows comes from server
// functions through google.script.run.
import { startApp } from '../shared/boot';
import { call } from '../shared/server';
import { TEXTS } from './i18n';
import { jobsSection } from './jobs-section';
import { keySection } from './key-section';
import { modelSection } from './model-section';
import { trySection } from './try-section';
import { usageSection } from './usage-section';
import { fold } from './fold';

startApp({
  texts: TEXTS,
  load: () => call('getSettings'),
  locale: (settings) => settings.locale,
  render(root, ctx, settings) {
    const usage = usageSection(ctx);
    const model = modelSection(ctx, settings);
    const tryIt = trySection(ctx, () => void usage.refresh(true));
    const jobs = jobsSection(ctx);
    // What matters first: without a key, the key step alone (the rest folded below it); with one,
    // what it is spending and the jobs, and the settings one click away. An editor's formulas
    // spend the owner's key, so an editor sees the usage either way.
    const working = settings.hasKey || settings.role === 'editor';
    const folds = {
      usage: fold(usage.element, working),
      jobs: fold(jobs.element, working),
      model: fold(model.element, false),
      tryIt: fold(tryIt, false),
    };
    const key = keySection(ctx, settings, {
      onKeyChanged(models, saved) {
        if (models) model.setModels(models);
        if (saved) for (const next of [folds.usage, folds.jobs]) next.open();
      },
    });
    root.append(key, ...Object.values(folds).map((f) => f.element));

    // Independent and possibly slow (listModels asks OpenAI): none waits for another.
    void usage.refresh(true);
    void jobs.refresh(true);
    call('listModels')
      .then((models) => model.setModels(models))
      .catch(() => undefined); // the known models stay listed
  },
});
