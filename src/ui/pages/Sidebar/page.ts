// The settings sidebar: API key, model, a quick try, budget and usage. Loaded once per opening;
// everything it shows comes from server functions through google.script.run.
import type { Context } from './context';
import { clear, el, errorText } from './dom';
import { formatters } from './format';
import { toLocale, translator, type Locale } from './i18n';
import { keySection } from './key-section';
import { modelSection } from './model-section';
import { call, hasBridge, type Settings } from './server';
import { trySection } from './try-section';
import { usageSection } from './usage-section';

function context(locale: Locale): Context {
  document.documentElement.lang = locale;
  const t = translator(locale);
  document.title = t('page_title');
  return { locale, t, fmt: formatters(locale) };
}

async function start(root: HTMLElement): Promise<void> {
  // Until the server says which language the user reads, guess from the browser.
  const guess = context(toLocale(navigator.language));
  clear(root);
  if (!hasBridge()) {
    root.appendChild(el('p', { className: 'error', text: guess.t('no_bridge') }));
    return;
  }
  root.appendChild(el('p', { id: 'loading', className: 'gray', text: guess.t('loading') }));
  let settings: Settings;
  try {
    settings = await call('getSettings');
  } catch (error) {
    clear(root);
    const retry = el('button', { id: 'retry', text: guess.t('retry') });
    retry.addEventListener('click', () => void start(root));
    root.append(
      el('p', {
        id: 'load-error',
        className: 'error',
        text: guess.t('load_failed', { message: errorText(error) }),
      }),
      retry,
    );
    return;
  }

  const ctx = context(toLocale(settings.locale));
  const usage = usageSection(ctx);
  const model = modelSection(ctx, settings);
  const key = keySection(ctx, settings, {
    onKeyChanged(models) {
      if (models) model.setModels(models);
    },
  });
  const tryIt = trySection(ctx, () => void usage.refresh(true));
  clear(root);
  root.append(key, model.element, tryIt, usage.element);

  // Independent and possibly slow (listModels asks OpenAI): neither waits for the other.
  void usage.refresh(true);
  call('listModels')
    .then((models) => model.setModels(models))
    .catch(() => undefined); // the known models stay listed
}

const root = document.getElementById('app');
if (root) void start(root);
