// The model formulas use, and (under Advanced) the API base URL.
import type { Context } from './context';
import { clear, el, errorText, guarded, hide, onEnter, show, statusLine } from '../shared/dom';
import { call, type Settings } from '../shared/server';

export interface ModelSection {
  element: HTMLElement;
  /** Replaces the choices (from listModels or a freshly saved key), keeping the current model. */
  setModels(models: string[]): void;
}

export function modelSection(ctx: Context, settings: Settings): ModelSection {
  const { t } = ctx;
  let current = settings.model;
  let choices = settings.knownModels;
  const select = el('select', { id: 'model-select' });
  const message = statusLine('model-message');

  const fill = () => {
    const names = [...new Set([current, settings.defaultModel, ...choices])].filter((m) => m);
    names.sort((a, b) => (a === settings.defaultModel ? -1 : b === settings.defaultModel ? 1 : 0));
    clear(select);
    for (const name of names) {
      const label = name === settings.defaultModel ? t('model_default', { model: name }) : name;
      const option = el('option', { text: label });
      option.value = name;
      select.appendChild(option);
    }
    select.value = current;
  };
  fill();

  const saveModel = guarded([select], async () => {
    const previous = current;
    // Shown as chosen while it is saved, also if the list is refilled meanwhile.
    current = select.value;
    show(message, t('model_saving'));
    try {
      const saved = await call('saveSettings', { model: current });
      current = saved.model;
      show(message, t('model_saved', { model: saved.model }), 'success');
    } catch (error) {
      current = previous;
      show(message, errorText(error), 'error');
    }
    select.value = current;
  });
  select.addEventListener('change', () => void saveModel());

  const isDefaultUrl = (url: string) => url === settings.defaultBaseUrl;
  const urlInput = el('input', {
    id: 'base-url',
    attrs: {
      type: 'url',
      inputmode: 'url',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: settings.defaultBaseUrl,
    },
  });
  urlInput.value = isDefaultUrl(settings.baseUrl) ? '' : settings.baseUrl;
  const urlSave = el('button', { id: 'base-url-save', text: t('base_url_save') });
  const urlMessage = statusLine('base-url-message');
  const saveUrl = guarded([urlSave], async () => {
    show(urlMessage, t('model_saving'));
    try {
      const saved = await call('saveSettings', { baseUrl: urlInput.value.trim() });
      urlInput.value = isDefaultUrl(saved.baseUrl) ? '' : saved.baseUrl;
      show(urlMessage, t('base_url_saved', { url: saved.baseUrl }), 'success');
    } catch (error) {
      // The server refuses anything but https:// and says so in the reader's language.
      show(urlMessage, errorText(error), 'error');
    }
  });
  urlSave.addEventListener('click', () => void saveUrl());
  onEnter(urlInput, () => void saveUrl());
  urlInput.addEventListener('input', () => hide(urlMessage));

  const advanced = el(
    'details',
    { id: 'advanced' },
    el('summary', { text: t('advanced') }),
    el('label', { text: t('base_url_label'), attrs: { for: 'base-url' } }),
    urlInput,
    el('div', { className: 'buttons' }, urlSave),
    urlMessage,
    el('p', { className: 'gray note', text: t('base_url_hint', { url: settings.defaultBaseUrl }) }),
  );
  if (!isDefaultUrl(settings.baseUrl)) advanced.open = true;

  const element = el(
    'section',
    { id: 'model', className: 'block', attrs: { 'aria-labelledby': 'model-heading' } },
    el('h2', { id: 'model-heading', text: t('model_heading') }),
    el('label', { text: t('model_label'), attrs: { for: 'model-select' } }),
    select,
    message,
    advanced,
  );

  return {
    element,
    setModels(models) {
      if (!models.length) return;
      choices = models;
      fill();
    },
  };
}
