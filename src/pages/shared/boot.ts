// Starting a page: shared styles, a loading line in the browser's language, the first server
// calls (which say the reader's language), and a retry button when they fail.
import type { Context } from './context';
import { clear, el, errorText } from './dom';
import { formatters } from './format';
import { COMMON_TEXT, toLocale, translator, type Catalog } from './i18n';
import { call, hasBridge, type JobSetup, type Settings } from './server';
import { installSharedStyles } from './style';

export interface PageSpec<K extends string, D> {
  root: HTMLElement;
  texts: Catalog<K>;
  /** The key of the page's title. */
  title: NoInfer<K>;
  /** The page's first server calls; their failure is shown with a retry button. */
  load(): Promise<D>;
  /** The reader's language, from what `load` returned. */
  locale(data: D): string;
  /** Builds the page into `root` (emptied first). */
  render(ctx: Context<K>, data: D): void;
}

export async function startPage<K extends string, D>(page: PageSpec<K, D>): Promise<void> {
  installSharedStyles();
  const { root } = page;
  // Until the server says which language the user reads, guess from the browser.
  const guessed = toLocale(navigator.language);
  const common = translator(COMMON_TEXT, guessed);
  document.documentElement.lang = guessed;
  document.title = translator(page.texts, guessed)(page.title);
  clear(root);
  if (!hasBridge()) {
    root.appendChild(el('p', { className: 'error', text: common('no_bridge') }));
    return;
  }
  root.appendChild(el('p', { id: 'loading', className: 'gray', text: common('loading') }));
  let data: D;
  try {
    data = await page.load();
  } catch (error) {
    clear(root);
    const retry = el('button', { id: 'retry', text: common('retry') });
    retry.addEventListener('click', () => void startPage(page));
    root.append(
      el('p', {
        id: 'load-error',
        className: 'error',
        text: common('load_failed', { message: errorText(error) }),
      }),
      retry,
    );
    return;
  }
  const locale = toLocale(page.locale(data));
  const t = translator(page.texts, locale);
  document.documentElement.lang = locale;
  document.title = t(page.title);
  clear(root);
  page.render({ locale, t, fmt: formatters(locale) }, data);
}

/** A page as every page of the add-on is laid out: its HTML's `#app` element, its `page_title` text. */
export interface AppSpec<K extends string, D> extends Pick<PageSpec<K, D>, 'texts' | 'load' | 'locale'> {
  render(root: HTMLElement, ctx: Context<K>, data: D): void;
}

export function startApp<K extends string, D>(spec: AppSpec<K | 'page_title', D>): void {
  const root = document.getElementById('app');
  if (!root) return;
  void startPage({
    ...spec,
    root,
    title: 'page_title',
    render: (ctx, data) => spec.render(root, ctx, data),
  });
}

/** The job dialogs' first server calls: the settings, which say the reader's language, and the tabs. */
export const JOB_DIALOG_LOAD = {
  load: (): Promise<[Settings, JobSetup]> => Promise.all([call('getSettings'), call('getJobSetup')]),
  locale: ([settings]: [Settings, JobSetup]): string => settings.locale,
};
