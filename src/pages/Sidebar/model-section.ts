// The model formulas use (with OpenAI's shutdown dates), and (under Advanced) the API base URL.
import type { Context } from './context';
import { clear, el, errorText, guarded, hide, onEnter, show, statusLine } from '../shared/dom';
import { call, type ModelOption, type Settings } from '../shared/server';
import { previewOffer } from '../ModelPreview/offer';
import { personalDataToggle } from './personal-data-toggle';

export interface ModelSection {
  element: HTMLElement;
  /** Replaces the choices (from listModels or a freshly saved key), keeping the current model. */
  setModels(models: ModelOption[]): void;
}

/** A model shutting down within this many days gets a warning naming its replacement. */
const WARN_DAYS = 30;

export function modelSection(ctx: Context, settings: Settings): ModelSection {
  const { t } = ctx;
  let state = settings;
  let choices = settings.models;
  const select = el('select', { id: 'model-select' });
  const message = statusLine('model-message');
  const notice = el('p', { id: 'model-notice', className: 'warning' });
  // The option stays short enough for the sidebar's width; what Automatic means is said below it.
  const automaticNote = el('p', {
    id: 'model-automatic-note',
    className: 'gray note',
    text: t('model_automatic_note'),
  });

  const label = (m: ModelOption) => {
    const shuts = m.shutdownDate ? t('model_shuts_down', { date: m.shutdownDate }) : '';
    return `${m.id}${shuts}${m.priced ? '' : t('model_price_unknown')}`;
  };
  const fill = () => {
    clear(select);
    const auto = el('option', { text: t('model_automatic', { model: state.defaultModel }) });
    auto.value = '';
    select.appendChild(auto);
    const listed = new Map(choices.map((m) => [m.id, m]));
    const chosen = state.chosenModel;
    if (chosen && !listed.has(chosen)) listed.set(chosen, { id: chosen, shutdownDate: null, priced: true });
    for (const m of [...listed.values()].sort((a, b) => a.id.localeCompare(b.id))) {
      const option = el('option', { text: label(m) });
      option.value = m.id;
      select.appendChild(option);
    }
    select.value = chosen ?? '';
    automaticNote.hidden = select.value !== '';
    renderNotice();
  };
  const renderNotice = () => {
    const text = noticeText(state);
    notice.textContent = text;
    notice.hidden = !text;
  };
  const noticeText = (s: Settings): string => {
    if (s.replacedModel) return t('model_replaced', { old: s.replacedModel, model: s.model });
    const days = s.modelShutdownDays;
    if (!s.modelShutdownDate || days === null || days > WARN_DAYS) return '';
    return t('model_shutdown_soon', {
      model: s.model,
      date: s.modelShutdownDate,
      days: String(Math.max(0, days)),
      replacement: s.modelReplacement ?? s.defaultModel,
    });
  };
  fill();

  const saveModel = guarded([select], async () => {
    const previous = state.chosenModel;
    show(message, t('model_saving'));
    try {
      state = { ...state, ...(await call('saveSettings', { model: select.value || null })) };
      show(message, t('model_saved', { model: state.model }), 'success');
    } catch (error) {
      state = { ...state, chosenModel: previous };
      show(message, errorText(error), 'error');
    }
    fill();
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

  const allowed = el('input', {
    id: 'formula-models',
    attrs: { type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'gpt-5.4-nano, gpt-6-sol' },
  });
  allowed.value = settings.formulaModels.join(', ');
  const ceiling = el('input', {
    id: 'formula-max-tokens',
    attrs: { type: 'text', inputmode: 'numeric', autocomplete: 'off', placeholder: '600' },
  });
  ceiling.value = settings.formulaMaxTokens === null ? '' : String(settings.formulaMaxTokens);
  const limitsSave = el('button', { id: 'formula-limits-save', text: t('formula_limits_save') });
  const limitsMessage = statusLine('formula-limits-message');
  const saveLimits = guarded([limitsSave], async () => {
    const models = allowed.value
      .split(/[,、\s]+/)
      .map((m) => m.trim())
      .filter(Boolean);
    const max = ceiling.value.trim() === '' ? null : Number(ceiling.value.normalize('NFKC'));
    show(limitsMessage, t('model_saving'));
    try {
      const saved = await call('saveSettings', { formulaModels: models, formulaMaxTokens: max });
      allowed.value = saved.formulaModels.join(', ');
      show(limitsMessage, t('formula_limits_saved'), 'success');
    } catch (error) {
      show(limitsMessage, errorText(error), 'error');
    }
  });
  limitsSave.addEventListener('click', () => void saveLimits());

  const instructions = el('textarea', {
    id: 'instructions',
    attrs: { rows: '3', maxlength: '1000', placeholder: t('instructions_placeholder') },
  });
  instructions.value = settings.instructions;
  const instructionsSave = el('button', { id: 'instructions-save', text: t('instructions_save') });
  const instructionsMessage = statusLine('instructions-message');
  const readOnly = settings.role === 'editor';
  instructions.readOnly = readOnly;
  instructionsSave.hidden = readOnly;
  const saveInstructions = guarded([instructionsSave], async () => {
    show(instructionsMessage, t('model_saving'));
    try {
      const saved = await call('saveSettings', { instructions: instructions.value });
      instructions.value = saved.instructions;
      show(instructionsMessage, t('instructions_saved'), 'success');
    } catch (error) {
      show(instructionsMessage, errorText(error), 'error');
    }
  });
  instructionsSave.addEventListener('click', () => void saveInstructions());

  const isolate = el('input', { id: 'isolate-rows', attrs: { type: 'checkbox' } });
  isolate.checked = settings.isolateRows.on;
  isolate.disabled = readOnly;
  const isolateMessage = statusLine('isolate-message');
  const cost = settings.isolateRows;
  const saveIsolation = guarded([isolate], async () => {
    show(isolateMessage, t('model_saving'));
    try {
      const saved = await call('saveSettings', { isolateRows: isolate.checked });
      isolate.checked = saved.isolateRows.on;
      show(isolateMessage, t(saved.isolateRows.on ? 'isolate_saved' : 'isolate_off_saved'), 'success');
    } catch (error) {
      isolate.checked = !isolate.checked;
      show(isolateMessage, errorText(error), 'error');
    }
  });
  isolate.addEventListener('change', () => void saveIsolation());

  const advanced = el(
    'details',
    { id: 'advanced' },
    el('summary', { text: t('advanced') }),
    el('label', { text: t('base_url_label'), attrs: { for: 'base-url' } }),
    urlInput,
    el('div', { className: 'buttons' }, urlSave),
    urlMessage,
    el('p', { className: 'gray note', text: t('base_url_hint', { url: settings.defaultBaseUrl }) }),
    el('label', { text: t('formula_models_label'), attrs: { for: 'formula-models' } }),
    allowed,
    el('label', { text: t('formula_max_tokens_label'), attrs: { for: 'formula-max-tokens' } }),
    ceiling,
    el('div', { className: 'buttons' }, limitsSave),
    limitsMessage,
    el('p', { className: 'gray note', text: t('formula_limits_hint') }),
  );
  if (!isDefaultUrl(settings.baseUrl)) advanced.open = true;

  const element = el(
    'section',
    { id: 'model', className: 'block', attrs: { 'aria-labelledby': 'model-heading' } },
    el('h2', { id: 'model-heading', text: t('model_heading') }),
    el('label', { text: t('model_label'), attrs: { for: 'model-select' } }),
    select,
    automaticNote,
    settings.role === 'editor'
      ? el('p', { id: 'model-editor-note', className: 'gray note', text: t('model_editor_note') })
      : null,
    notice,
    message,
    el('p', {
      id: 'catalog-date',
      className: 'gray note',
      text: t('model_catalog_date', { date: settings.catalogChecked }),
    }),
    previewOffer(ctx.locale, settings),
    personalDataToggle(ctx.locale, settings),
    el('label', { text: t('instructions_label'), attrs: { for: 'instructions' } }),
    instructions,
    el('div', { className: 'buttons' }, instructionsSave),
    instructionsMessage,
    el('p', {
      id: 'instructions-note',
      className: 'gray note',
      text: t(readOnly ? 'instructions_read_only' : 'instructions_hint'),
    }),
    el('label', { id: 'isolate-label' }, isolate, el('span', { text: ` ${t('isolate_label')}` })),
    isolateMessage,
    el('p', {
      id: 'isolate-cost',
      className: 'gray note',
      text: t('isolate_cost', {
        alone: cost.alone.toLocaleString(ctx.locale),
        batched: cost.batched.toLocaleString(ctx.locale),
        extra: (cost.alone - cost.batched).toLocaleString(ctx.locale),
      }),
    }),
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
