// The settings sidebar: API key, model, a quick try, budget and usage, and column jobs. Loaded
// once per opening; everything it shows comes from server functions through google.script.run.
import { startPage } from '../shared/boot';
import { call } from '../shared/server';
import { TEXTS } from './i18n';
import { jobsSection } from './jobs-section';
import { keySection } from './key-section';
import { modelSection } from './model-section';
import { trySection } from './try-section';
import { usageSection } from './usage-section';

const root = document.getElementById('app');
if (root)
  void startPage({
    root,
    texts: TEXTS,
    title: 'page_title',
    load: () => call('getSettings'),
    locale: (settings) => settings.locale,
    render(ctx, settings) {
      const usage = usageSection(ctx);
      const model = modelSection(ctx, settings);
      const key = keySection(ctx, settings, {
        onKeyChanged(models) {
          if (models) model.setModels(models);
        },
      });
      const tryIt = trySection(ctx, () => void usage.refresh(true));
      const jobs = jobsSection(ctx);
      root.append(key, model.element, tryIt, usage.element, jobs.element);

      // Independent and possibly slow (listModels asks OpenAI): none waits for another.
      void usage.refresh(true);
      void jobs.refresh(true);
      call('listModels')
        .then((models) => model.setModels(models))
        .catch(() => undefined); // the known models stay listed
    },
  });
