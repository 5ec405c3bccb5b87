// The sidebar's way into the preview: one button, and when the model formulas use shuts down within
// 30 days, a line that offers the preview before that date.
import { el, errorText } from '../shared/dom';
import { catalog, translator, type Locale } from '../shared/i18n';
import { call, type Settings } from '../shared/server';

/** A model shutting down within this many days gets the preview offered (as the sidebar warns). */
export const OFFER_DAYS = 30;

const TEXT = catalog(
  {
    open: 'Preview a model change…',
    offer:
      '{model} shuts down on {date}. Preview how the answers here change with {replacement} before then.',
  },
  {
    open: 'モデル変更をプレビュー…',
    offer:
      '{model} は {date} に提供終了です。それまでに、{replacement} でここの回答がどう変わるかをプレビューできます。',
  },
);

export function previewOffer(locale: Locale, settings: Settings): HTMLElement {
  const t = translator(TEXT, locale);
  const days = settings.modelShutdownDays;
  const soon = settings.modelShutdownDate !== null && days !== null && days <= OFFER_DAYS;
  const button = el('button', {
    id: 'open-preview',
    className: soon ? 'action' : '',
    text: t('open'),
    attrs: { type: 'button' },
  });
  const error = el('p', { className: 'error', hidden: true });
  button.addEventListener('click', () => {
    call('showModelPreview').catch((e: unknown) => {
      error.textContent = errorText(e);
      error.hidden = false;
    });
  });
  return el(
    'div',
    { id: 'preview-offer', hidden: settings.role === 'editor' },
    soon
      ? el('p', {
          id: 'preview-offer-text',
          className: 'note',
          text: t('offer', {
            model: settings.model,
            date: settings.modelShutdownDate ?? '',
            replacement: settings.modelReplacement ?? settings.defaultModel,
          }),
        })
      : null,
    el('div', { className: 'buttons' }, button),
    error,
  );
}
