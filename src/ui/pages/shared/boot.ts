// Starting a page: shared styles, a loading line in the browser's language, the first server
// calls (which say the reader's language), and a retry button when they fail.
import type { Context } from './context';
import { clear, el, errorText } from './dom';
import { formatters } from './format';
import { toLocale, translator, type Catalog, type CommonKey, type Locale } from './i18n';
import { hasBridge } from './server';
import { installSharedStyles } from './style';

export interface PageSpec<K extends string, D> {
  root: HTMLElement;
  texts: Catalog<K | CommonKey>;
  /** The key of the page's title. */
  title: K | CommonKey;
  /** The page's first server calls; their failure is shown with a retry button. */
  load(): Promise<D>;
  /** The reader's language, from what `load` returned. */
  locale(data: D): string;
  /** Builds the page into `root` (emptied first). */
  render(ctx: Context<K | CommonKey>, data: D): void;
}

function pageContext<K extends string>(
  texts: Catalog<K | CommonKey>,
  title: K | CommonKey,
  locale: Locale,
): Context<K | CommonKey> {
  const t = translator(texts, locale);
  document.documentElement.lang = locale;
  document.title = t(title);
  return { locale, t, fmt: formatters(locale) };
}

export async function startPage<K extends string, D>(page: PageSpec<K, D>): Promise<void> {
  installSharedStyles();
  const { root } = page;
  // Until the server says which language the user reads, guess from the browser.
  const guess = pageContext<K>(page.texts, page.title, toLocale(navigator.language));
  clear(root);
  if (!hasBridge()) {
    root.appendChild(el('p', { className: 'error', text: guess.t('no_bridge') }));
    return;
  }
  root.appendChild(el('p', { id: 'loading', className: 'gray', text: guess.t('loading') }));
  let data: D;
  try {
    data = await page.load();
  } catch (error) {
    clear(root);
    const retry = el('button', { id: 'retry', text: guess.t('retry') });
    retry.addEventListener('click', () => void startPage(page));
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
  const ctx = pageContext<K>(page.texts, page.title, toLocale(page.locale(data)));
  clear(root);
  page.render(ctx, data);
}
