// The form that starts a column job (tab, columns, task and its arguments, examples, rows,
// overwrite) or an evaluation (the same, with the column of expected answers and up to three models
// instead of the output column and overwrite); the estimate follows the form (debounced) and says
// when the budget may be short.
import { TASK_NAMES } from '../../engine/tasks';
import type { Context } from './context';
import { clear, el, errorText, guarded, hide, show, statusLine } from './dom';
import formStyle from './job-form.css' with { type: 'text' };
import type { FormKey } from './job-form-text';
import type { JobKey } from './job-text';
import { TASK_TEXT } from './job-view';
import { personalDataPanel } from './personal-data-panel';
import {
  call,
  type ColumnJobSpec,
  type EvaluationSpec,
  type JobEstimate,
  type JobMode,
  type JobSetup,
  type Settings,
  type TabInfo,
  type TaskName,
} from './server';
import {
  defaultInput,
  defaultLastRow,
  defaultExpected,
  defaultOutput,
  inputChoices,
  outputChoices,
  type ColumnChoice,
} from './job-columns';

type TextKey = FormKey | JobKey;
type Ctx = Context<TextKey>;
/** Models an evaluation compares at most (jobs/evaluation/scoring.ts). */
export const MAX_MODELS = 3;
type ArgKey = keyof ColumnJobSpec['args'];

/** The estimate waits until the form has been still this long. */
export const ESTIMATE_DEBOUNCE_MS = 400;
const MAX_HEADER_CHARS = 40;

interface ArgField {
  key: Exclude<ArgKey, 'model'>;
  label: TextKey;
  required?: boolean;
  number?: boolean;
  multiline?: boolean;
  placeholder?: TextKey;
  /** A placeholder that needs no translation. */
  example?: string;
  hint?: TextKey;
}

/** What each task takes, as its formula would. */
const TASK_ARGS: Record<TaskName, ArgField[]> = {
  sentiment: [{ key: 'labels', label: 'labels_label', hint: 'labels_hint' }],
  classify: [{ key: 'categories', label: 'categories_label', required: true, hint: 'categories_hint' }],
  extract: [{ key: 'what', label: 'what_label', required: true, placeholder: 'what_placeholder' }],
  summarize: [{ key: 'max_words', label: 'max_words_label', number: true, example: '30' }],
  translate: [
    { key: 'target_language', label: 'target_label', required: true, placeholder: 'target_placeholder' },
    { key: 'source_language', label: 'source_label', placeholder: 'source_placeholder' },
  ],
  prompt: [
    {
      key: 'prompt',
      label: 'prompt_label',
      required: true,
      multiline: true,
      placeholder: 'prompt_placeholder',
    },
  ],
};

export type FormKind = 'job' | 'evaluation';

/** What was started: the spec as a column job sees it (for an evaluation, output = expected answers). */
export type StartedSpec = ColumnJobSpec & { models?: string[] };

export interface JobForm {
  element: HTMLElement;
  /** Asks for a fresh estimate (the form is shown again; the budget may have changed). */
  refreshEstimate(): void;
}

/** The browser's timers: pages run in a browser, not in Apps Script. */
const later = (fn: () => void, ms: number) => window.setTimeout(fn, ms);
const cancelLater = (id: number | undefined) => window.clearTimeout(id);

/** A mode's expected time, as the form shows it. */
function duration(t: Ctx['t'], seconds: number): string {
  if (seconds < 60) return t('time_soon');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return t('time_minutes', { minutes: String(minutes) });
  return t('time_hours', { hours: String(Math.floor(minutes / 60)), minutes: String(minutes % 60) });
}

/** "１２" and " 12 " -> 12; anything but a whole number -> NaN; empty -> null. */
function wholeNumber(text: string): number | null {
  const plain = text.normalize('NFKC').trim();
  if (plain === '') return null;
  return /^\d{1,8}$/.test(plain) ? Number(plain) : NaN;
}

function idOf(key: string): string {
  return `arg-${key.replace(/_/g, '-')}`;
}

function installFormStyle(): void {
  if (document.getElementById('job-form-style')) return;
  const style = el('style', { id: 'job-form-style' });
  style.textContent = formStyle;
  document.head.appendChild(style);
}

function toEvaluation(spec: StartedSpec): EvaluationSpec {
  const { outputColumn, overwrite: _overwrite, models, ...rest } = spec;
  const { model: _model, ...args } = rest.args;
  return { ...rest, args, labelColumn: outputColumn, models: models ?? [] };
}

export function jobForm(
  ctx: Ctx,
  setup: JobSetup,
  settings: Settings,
  onStarted: (spec: StartedSpec, jobId: string) => void,
  kind: FormKind = 'job',
): JobForm {
  const { t, fmt } = ctx;
  const evaluating = kind === 'evaluation';
  installFormStyle();

  // ---- controls ------------------------------------------------------------------------------
  const tab = el('select', { id: 'tab' });
  for (const info of setup.tabs) {
    const option = el('option', { text: info.name });
    option.value = info.name;
    tab.appendChild(option);
  }
  const input = el('select', { id: 'input-column' });
  const output = el('select', { id: 'output-column' });
  const task = el('select', { id: 'task' });
  for (const name of TASK_NAMES) {
    const option = el('option', { text: t(TASK_TEXT[name]) });
    option.value = name;
    task.appendChild(option);
  }
  const numeric = (id: string) =>
    el('input', { id, attrs: { type: 'text', inputmode: 'numeric', autocomplete: 'off' } });
  const firstRow = numeric('first-row');
  const lastRow = numeric('last-row');
  const overwrite = el('input', { id: 'overwrite', attrs: { type: 'checkbox' } });
  const examples = el('input', {
    id: 'examples',
    attrs: { type: 'text', autocomplete: 'off', placeholder: 'H2:I6', spellcheck: 'false' },
  });
  // An evaluation compares up to three models: the default one is ticked to begin with.
  const modelBoxes = settings.models.map((m) => {
    const box = el('input', { attrs: { type: 'checkbox', value: m.id } });
    box.checked = m.id === settings.model;
    return box;
  });
  if (evaluating && !modelBoxes.some((b) => b.checked)) {
    const box = el('input', { attrs: { type: 'checkbox', value: settings.model } });
    box.checked = true;
    modelBoxes.unshift(box);
  }
  const modelList = el(
    'fieldset',
    { id: 'models', className: 'models' },
    el('legend', { text: t('models_label') }),
    ...modelBoxes.map((box) => el('label', { className: 'check' }, box, el('span', { text: box.value }))),
    el('p', { className: 'hint gray note', text: t('models_hint') }),
  );
  const model = el('select', { id: 'arg-model' });
  const defaultOption = el('option', { text: t('model_default', { model: settings.model }) });
  defaultOption.value = '';
  model.appendChild(defaultOption);
  for (const m of settings.models) {
    const shuts = m.shutdownDate ? t('model_shuts_down', { date: m.shutdownDate }) : '';
    const option = el('option', { text: `${m.id}${shuts}` });
    option.value = m.id;
    model.appendChild(option);
  }

  // A column job runs now or on the Batch API; an evaluation always runs now.
  const modeRadio = (mode: JobMode) => {
    const radio = el('input', { id: `mode-${mode}`, attrs: { type: 'radio', name: 'mode', value: mode } });
    radio.checked = mode === 'now';
    return radio;
  };
  const modeNow = modeRadio('now');
  const modeBatch = modeRadio('batch');
  const modeBox = el(
    'fieldset',
    { id: 'mode', className: 'modes' },
    el('legend', { text: t('mode_label') }),
    el(
      'label',
      { className: 'check', attrs: { for: 'mode-now' } },
      modeNow,
      el('span', { text: t('mode_now') }),
    ),
    el(
      'label',
      { className: 'check', attrs: { for: 'mode-batch' } },
      modeBatch,
      el('span', { text: t('mode_batch') }),
    ),
    el('p', { id: 'mode-batch-hint', className: 'hint gray note', text: t('mode_batch_hint'), hidden: true }),
  );
  const modeHint = modeBox.querySelector('#mode-batch-hint') as HTMLElement;
  const chosenMode = (): JobMode => (modeBatch.checked && !evaluating ? 'batch' : 'now');

  const field = (id: string, label: string, control: HTMLElement, hint?: string) =>
    el(
      'div',
      { className: 'field' },
      el('label', { text: label, attrs: { for: id } }),
      control,
      hint ? el('p', { className: 'hint gray note', text: hint }) : null,
    );

  // Every argument field exists once; the chosen task's are shown, and values survive a switch.
  const argInputs = new Map<ArgField['key'], HTMLInputElement | HTMLTextAreaElement>();
  const argBoxes = new Map<ArgField['key'], HTMLElement>();
  const argsBox = el('div', { id: 'task-args' });
  for (const spec of Object.values(TASK_ARGS).flat()) {
    const id = idOf(spec.key);
    const attrs: Record<string, string> = { autocomplete: 'off' };
    if (spec.placeholder) attrs.placeholder = t(spec.placeholder);
    if (spec.example) attrs.placeholder = spec.example;
    if (spec.number) attrs.inputmode = 'numeric';
    const control = spec.multiline
      ? el('textarea', { id, attrs: { ...attrs, rows: '3' } })
      : el('input', { id, attrs: { ...attrs, type: 'text' } });
    argInputs.set(spec.key, control);
    const box = field(id, t(spec.label), control, spec.hint ? t(spec.hint) : undefined);
    box.setAttribute('data-arg', spec.key);
    argBoxes.set(spec.key, box);
    argsBox.appendChild(box);
  }

  const rowsBox = el(
    'div',
    { className: 'grid grid-3' },
    field('output-column', t(evaluating ? 'expected_label' : 'output_label'), output),
    field('first-row', t('first_row_label'), firstRow),
    field('last-row', t('last_row_label'), lastRow),
  );
  const overwriteBox = el(
    'label',
    { className: 'check', attrs: { for: 'overwrite' } },
    overwrite,
    el('span', { text: t('overwrite_label') }),
  );
  const examplesBox = field('examples', t('examples_label'), examples, t('examples_hint'));
  const more = el(
    'details',
    { id: 'more-options' },
    el('summary', { text: t('more_options') }),
    field('arg-model', t('model_label'), model),
  );

  // ---- estimate ------------------------------------------------------------------------------
  const estimateRows = el('span', { id: 'estimate-rows' });
  // A column job's two mode lines carry its figures; an evaluation (always now) has this one line.
  const estimateTokens = el('p', { id: 'estimate-tokens', hidden: !evaluating });
  const estimateNow = el('p', { id: 'estimate-now', className: 'estimate-mode' });
  const estimateBatch = el('p', { id: 'estimate-batch', className: 'estimate-mode' });
  const estimateModes = el('div', { id: 'estimate-modes', hidden: evaluating }, estimateNow, estimateBatch);
  const estimateBudget = el('span', { id: 'estimate-budget', className: 'gray' });
  const estimateNote = el('p', { className: 'gray note', text: t('estimate_note') });
  const estimateProblem = el('p', { id: 'estimate-problem', className: 'gray', hidden: true });
  const numbers = el(
    'div',
    { id: 'estimate-numbers', hidden: true },
    el('p', {}, estimateRows, ' ', estimateBudget),
    estimateTokens,
    estimateModes,
    estimateNote,
  );
  const estimateBox = el(
    'div',
    { id: 'estimate', className: 'estimate', attrs: { role: 'status', 'aria-live': 'polite' } },
    estimateProblem,
    numbers,
  );
  const personal = personalDataPanel(ctx);
  const shortText = el('p', { id: 'budget-short-text' });
  const runUntil = el('button', {
    id: 'run-until-budget',
    className: 'action',
    text: t('run_until_budget'),
    attrs: { type: 'button' },
  });
  const openSettings = el('button', {
    id: 'open-settings',
    text: t('open_settings'),
    attrs: { type: 'button' },
  });
  const shortBox = el(
    'div',
    { id: 'budget-short', className: 'warning', hidden: true },
    shortText,
    el('div', { className: 'buttons' }, runUntil, openSettings),
  );
  const start = el('button', {
    id: 'start',
    className: 'action',
    text: t(evaluating ? 'start_evaluation' : 'start'),
    attrs: { type: 'submit' },
  });
  const message = statusLine('form-message');

  const form = el(
    'form',
    { id: 'job-form', attrs: { novalidate: '' } },
    el(
      'div',
      { className: 'grid' },
      field('tab', t('tab_label'), tab),
      field('input-column', t('input_label'), input),
    ),
    field('task', t('task_label'), task),
    argsBox,
    examplesBox,
    rowsBox,
    evaluating ? modelList : overwriteBox,
    evaluating ? null : more,
    evaluating ? null : modeBox,
    personal.element,
    // The estimate and Start stay in view at the bottom of the dialog while the fields scroll.
    el(
      'div',
      { id: 'form-footer', className: 'form-footer' },
      estimateBox,
      shortBox,
      el('div', { className: 'buttons' }, start),
      message,
    ),
  );

  // ---- behaviour -----------------------------------------------------------------------------
  let outputTouched = false;
  const currentTab = (): TabInfo => setup.tabs.find((x) => x.name === tab.value) ?? setup.tabs[0];

  const label = (c: ColumnChoice) => {
    const header = c.header.trim();
    if (!header) return t('column_empty', { column: c.column });
    const short = header.length > MAX_HEADER_CHARS ? `${header.slice(0, MAX_HEADER_CHARS)}…` : header;
    return t('column_header', { column: c.column, header: short });
  };
  const fill = (select: HTMLSelectElement, choices: ColumnChoice[], value: string) => {
    clear(select);
    for (const c of choices) {
      const option = el('option', { text: label(c) });
      option.value = c.column;
      select.appendChild(option);
    }
    select.value = value;
  };
  const fillOutput = () => {
    const info = currentTab();
    const keep = outputTouched && output.value && output.value !== input.value ? output.value : null;
    const fallback = evaluating ? defaultExpected(info, input.value) : defaultOutput(info, input.value);
    fill(output, outputChoices(info, input.value), keep ?? fallback);
    for (const option of output.options) option.disabled = option.value === input.value;
  };
  const chooseTab = () => {
    const info = currentTab();
    fill(input, inputChoices(info), defaultInput(setup, info));
    outputTouched = false;
    fillOutput();
    lastRow.value = String(defaultLastRow(info));
  };
  const showArgs = () => {
    const shown = new Set(TASK_ARGS[task.value as TaskName].map((a) => a.key));
    for (const [key, box] of argBoxes) box.hidden = !shown.has(key);
  };

  /** The spec the form describes, or what is missing. */
  const readSpec = (): { spec: StartedSpec } | { problem: string } => {
    const name = task.value as TaskName;
    const args: ColumnJobSpec['args'] = {};
    for (const a of TASK_ARGS[name]) {
      const value = (argInputs.get(a.key)?.value ?? '').trim();
      if (a.required && !value) return { problem: t('need_field', { field: t(a.label) }) };
      if (!value) continue;
      if (a.number) {
        const n = wholeNumber(value);
        if (n === null || Number.isNaN(n)) return { problem: t('need_field', { field: t(a.label) }) };
        args.max_words = n;
      } else {
        args[a.key as Exclude<ArgKey, 'max_words'>] = value;
      }
    }
    if (model.value && !evaluating) args.model = model.value;
    const models = modelBoxes.filter((b) => b.checked).map((b) => b.value);
    if (evaluating && (models.length < 1 || models.length > MAX_MODELS)) return { problem: t('need_models') };
    const first = wholeNumber(firstRow.value);
    const last = wholeNumber(lastRow.value);
    if (
      first === null ||
      last === null ||
      Number.isNaN(first) ||
      Number.isNaN(last) ||
      first < 1 ||
      last < first
    )
      return { problem: t('need_rows') };
    if (input.value === output.value) return { problem: t(evaluating ? 'need_expected' : 'need_columns') };
    const range = examples.value.normalize('NFKC').trim();
    return {
      spec: {
        sheet: tab.value,
        inputColumn: input.value,
        outputColumn: output.value,
        task: name,
        args,
        firstRow: first,
        lastRow: last,
        overwrite: overwrite.checked && !evaluating,
        untilBudget: false,
        mode: chosenMode(),
        personalData: personal.rule(),
        ...(range ? { examples: range } : {}),
        ...(evaluating ? { models } : {}),
      },
    };
  };
  const estimate = (spec: StartedSpec) =>
    evaluating ? call('estimateEvaluationRun', toEvaluation(spec)) : call('estimateColumnJob', spec);
  const startRun = (spec: StartedSpec) =>
    evaluating ? call('startEvaluation', toEvaluation(spec)) : call('startColumnJob', spec);

  let estimateSeq = 0;
  let estimateTimer: number | undefined;
  /** The estimate says the budget is short for the form as it is now. */
  let short = false;

  const setShort = (value: boolean, remaining = 0) => {
    short = value;
    shortBox.hidden = !value;
    if (value) shortText.textContent = t('budget_short', { remaining: fmt.number(remaining) });
    start.disabled = value;
  };
  const showProblem = (textValue: string, tone: 'gray' | 'error') => {
    numbers.hidden = true;
    estimateProblem.textContent = textValue;
    estimateProblem.className = tone;
    estimateProblem.hidden = false;
  };
  let shown: JobEstimate | null = null;
  const renderEstimate = (e: JobEstimate) => {
    shown = e;
    estimateProblem.hidden = true;
    estimateRows.textContent = t('estimate_rows', {
      nonBlank: fmt.number(e.nonBlank),
      rows: fmt.number(e.rows),
    });
    // The chosen mode's figures; both modes' side by side below them.
    const chosen = e.modes[chosenMode()];
    const models = evaluating ? modelBoxes.filter((b) => b.checked).length : 1;
    estimateTokens.textContent = t(models > 1 ? 'estimate_tokens_models' : 'estimate_tokens', {
      tokens: fmt.number(chosen.estimatedTokens),
      cost: fmt.usd(chosen.estimatedCostUsd),
      models: fmt.number(models),
    });
    estimateNow.textContent = t('estimate_mode_now', {
      tokens: fmt.number(e.modes.now.estimatedTokens),
      cost: fmt.usd(e.modes.now.estimatedCostUsd),
      time: duration(t, e.modes.now.expectedSeconds),
    });
    estimateBatch.textContent = t('estimate_mode_batch', {
      tokens: fmt.number(e.modes.batch.estimatedTokens),
      cost: fmt.usd(e.modes.batch.estimatedCostUsd),
    });
    estimateNow.classList.toggle('chosen', chosenMode() === 'now');
    estimateBatch.classList.toggle('chosen', chosenMode() === 'batch');
    estimateBudget.textContent =
      e.remainingBudget === null
        ? t('estimate_no_budget')
        : t('estimate_budget', { remaining: fmt.number(e.remainingBudget) });
    numbers.hidden = false;
    setShort(!e.fits, e.remainingBudget ?? 0);
  };

  const refreshEstimate = () => {
    cancelLater(estimateTimer);
    const mine = ++estimateSeq;
    const read = readSpec();
    if ('problem' in read) {
      showProblem(read.problem, 'gray');
      setShort(false);
      return;
    }
    showProblem(t('estimating'), 'gray');
    estimateTimer = later(() => {
      personal.scan(read.spec);
      estimate(read.spec).then(
        (e) => {
          if (mine === estimateSeq) renderEstimate(e);
        },
        (error: unknown) => {
          if (mine !== estimateSeq) return;
          // The server's reason, in the reader's language (a bad argument, a missing tab…).
          showProblem(errorText(error), 'error');
          setShort(false);
        },
      );
    }, ESTIMATE_DEBOUNCE_MS);
  };

  const begin = guarded([start, runUntil], async (untilBudget: boolean) => {
    const read = readSpec();
    if ('problem' in read) {
      show(message, read.problem, 'error');
      return;
    }
    show(message, t('starting'));
    try {
      const spec = { ...read.spec, untilBudget };
      const { jobId } = await startRun(spec);
      hide(message);
      onStarted(spec, jobId);
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!short) void begin(false);
  });
  runUntil.addEventListener('click', () => void begin(true));
  openSettings.addEventListener('click', () => {
    call('showSettings').catch((error: unknown) => show(message, errorText(error), 'error'));
  });
  tab.addEventListener('change', () => {
    chooseTab();
    refreshEstimate();
  });
  input.addEventListener('change', () => {
    fillOutput();
    refreshEstimate();
  });
  output.addEventListener('change', () => {
    outputTouched = true;
    refreshEstimate();
  });
  task.addEventListener('change', () => {
    showArgs();
    refreshEstimate();
  });
  for (const control of [firstRow, lastRow, examples, ...argInputs.values()])
    control.addEventListener('input', refreshEstimate);
  for (const control of [overwrite, model, ...modelBoxes])
    control.addEventListener('change', refreshEstimate);
  // Both modes' figures are known already: switching shows the other one's without asking again.
  for (const radio of [modeNow, modeBatch])
    radio.addEventListener('change', () => {
      modeHint.hidden = chosenMode() !== 'batch';
      personal.setBatch(chosenMode() === 'batch');
      if (shown && !numbers.hidden) renderEstimate(shown);
    });
  form.addEventListener('input', () => {
    if (message.classList.contains('error')) hide(message);
  });

  // The list scrolls: the ticked model is brought into its view (only the list moves, not the page).
  if (evaluating)
    window.requestAnimationFrame(() => {
      const ticked = modelBoxes.find((b) => b.checked)?.parentElement;
      if (!ticked) return;
      const top = ticked.offsetTop - modelList.offsetTop;
      if (
        top + ticked.offsetHeight > modelList.scrollTop + modelList.clientHeight ||
        top < modelList.scrollTop
      )
        modelList.scrollTop = Math.max(0, top - modelList.clientHeight / 2);
    });
  tab.value = setup.tabs.some((x) => x.name === setup.activeSheet)
    ? setup.activeSheet
    : (setup.tabs[0]?.name ?? '');
  firstRow.value = '2';
  chooseTab();
  showArgs();
  refreshEstimate();

  return { element: form, refreshEstimate };
}
