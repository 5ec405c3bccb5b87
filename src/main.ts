// The add-on's globals: every export becomes a top-level function in dist/Code.js, with the
// JSDoc written here (Sheets reads it for autocomplete). Nothing else belongs in this file.
import { ISOLATE_ROWS_KEY, isolateRowsValue, isolationCost, readIsolateRows } from './engine/isolation';
import { clearCache as clearDocumentCache } from './cache/answer-cache';
import { checkInstructions, instructionsChanges } from './engine/context';
import { setBudget as setBudgetIn, usageReport, usageWarnings, type UsageReport } from './budget/usage';
import { gptClassify, gptSentiment } from './functions/labelled';
import { gpt, gptExtract, gptSummarize, gptTranslate } from './functions/text';
import { JOB_STEP_MS, pageStatus, type PageJobStatus } from './jobs/page-status';
import { runInBackground } from './jobs/background';
import { estimateEvaluation, estimateJob, type JobEstimate } from './jobs/estimate';
import { evaluationView, type EvaluationView } from './jobs/evaluation/view';
import { cancelJob as cancelRun, jobStatus, listJobsFor, resumeJob } from './jobs/lifecycle';
import { startEvaluation as startEvaluationJob, startJob } from './jobs/start';
import { runStep } from './jobs/step';
import { retireTrigger } from './jobs/triggers';
import { jobSetup, type JobSetup } from './jobs/setup';
import { scanPersonalData as scanInputs, type PersonalDataScan } from './jobs/personal-scan';
import { appsScriptClock, scriptTriggers, urlFetchHttp } from './platform/apps-script';
import {
  caller,
  callerSpender,
  keySetupDeps,
  spreadsheetInstructions,
  documentLessons,
  documentLock,
  documentStore,
  formulaEnv,
  hasDocument,
  jobDeps,
  newId,
  pipelineDeps,
  usageContext,
  userLocale,
  userPlace,
  userStore,
} from './wiring';
import {
  deleteApiKey as deleteKey,
  listUsableModels,
  saveApiKey as saveKey,
  type SaveKeyResult,
} from './settings/key-setup';
import { formulaKeys } from './settings/keys';
import {
  recordedRows,
  estimatePreview,
  runPreview,
  type ModelPreview,
  type PreviewDeps,
  type PreviewEstimate,
} from './settings/model-preview';
import {
  checkSettingsInput,
  readSettings,
  publicSettings,
  saveSettings as saveUserSettings,
  type ModelOption,
  type PublicSettings,
} from './settings/settings';
import { buildMenu, refreshFailedCells as refreshFailed } from './ui/menu';
import { replaceWithValues } from './ui/freeze';
import { format, UserError, type Locale } from './i18n/messages';
import { keyStatus, type KeyStatus } from './settings/keys';
import { notFromCell, serverCall } from './server-call';
import { ownerDecision, requireOwner } from './settings/access';
import { utcDay } from './openai/model-choice';

type SettingsView = PublicSettings &
  KeyStatus & {
    /** The spreadsheet's instructions (the owner's; everyone sees them). */
    instructions: string;
    role: 'owner' | 'editor' | 'unknown';
    locale: string;
    /** The owner's "send every row alone" for this spreadsheet, and its estimated cost per row. */
    isolateRows: IsolationView;
  };

interface IsolationView {
  on: boolean;
  /** Estimated tokens per row of a sentiment formula over typical reviews, alone and batched. */
  alone: number;
  batched: number;
}

function isolationView(model: string): IsolationView {
  return { on: readIsolateRows(documentStore().getAll()), ...isolationCost(model) };
}

/**
 * Asks the model: answers `prompt`, or applies it to each value when `value` is given.
 * Example: =GPT("Write a one-line product description for", A2)
 *
 * @param {string} prompt The instruction or question.
 * @param {string|Array<Array<string>>} value Optional. A cell or range the instruction applies to.
 * @param {string} model Optional. A model such as "gpt-6-luna" (default from Settings).
 * @param {number} temperature Optional. 0 (repeatable, the default) to 2 (varied); ignored by reasoning models.
 * @param {number} max_tokens Optional. Longest answer per cell, in tokens.
 * @param {Array<Array<string>>} examples Optional. Two columns: an example input and the answer you expect, e.g. D2:E5.
 * @return The answer, or one answer per cell of the range.
 * @customfunction
 */
export function GPT(
  prompt: unknown,
  value?: unknown,
  model?: unknown,
  temperature?: unknown,
  max_tokens?: unknown,
  examples?: unknown,
) {
  return gpt(formulaEnv(), prompt, value, model, temperature, max_tokens, examples);
}

/**
 * Classifies sentiment as positive, neutral or negative (or your three labels, in that order).
 * Example: =GPT_SENTIMENT(B2:B100) or =GPT_SENTIMENT(B2, "良い,普通,悪い", D2:E5)
 *
 * @param {string|Array<Array<string>>} text A cell or range of texts, in any language.
 * @param {string|Array<Array<string>>} labels Optional. Three labels for positive, neutral and negative, as "a,b,c" or a range.
 * @param {Array<Array<string>>} examples Optional. Two columns: an example text and its label, e.g. D2:E5.
 * @return One label per cell; blank cells stay blank.
 * @customfunction
 */
export function GPT_SENTIMENT(text: unknown, labels?: unknown, examples?: unknown) {
  return gptSentiment(formulaEnv(), text, labels, examples);
}

/**
 * Puts each text into exactly one of your categories.
 * Example: =GPT_CLASSIFY(B2:B100, "billing,shipping,product,other", D2:E6)
 *
 * @param {string|Array<Array<string>>} text A cell or range of texts.
 * @param {string|Array<Array<string>>} categories The categories, as "a,b,c" or a range.
 * @param {Array<Array<string>>} examples Optional. Two columns: an example text and its category, e.g. D2:E6.
 * @return One category per cell; blank cells stay blank.
 * @customfunction
 */
export function GPT_CLASSIFY(text: unknown, categories: unknown, examples?: unknown) {
  return gptClassify(formulaEnv(), text, categories, examples);
}

/**
 * Extracts what you ask for from each text, comma-separated; blank when there is none.
 * Example: =GPT_EXTRACT(B2, "email addresses") or =GPT_EXTRACT(B2:B50, "order numbers", D2:E4)
 *
 * @param {string|Array<Array<string>>} text A cell or range of texts.
 * @param {string} what What to extract, such as "company names" or "order numbers".
 * @param {Array<Array<string>>} examples Optional. Two columns: an example text and what should be extracted from it.
 * @return The matches, comma-separated, per cell.
 * @customfunction
 */
export function GPT_EXTRACT(text: unknown, what: unknown, examples?: unknown) {
  return gptExtract(formulaEnv(), text, what, examples);
}

/**
 * Summarizes each text in its own language.
 * Example: =GPT_SUMMARIZE(B2, 20)
 *
 * @param {string|Array<Array<string>>} text A cell or range of texts.
 * @param {number} max_words Optional. Longest summary in words, a whole number (default 30); for text without spaces between words, such as Japanese, twice as many characters.
 * @return One summary per cell.
 * @customfunction
 */
export function GPT_SUMMARIZE(text: unknown, max_words?: unknown) {
  return gptSummarize(formulaEnv(), text, max_words);
}

/**
 * Translates each text.
 * Example: =GPT_TRANSLATE(B2, "Japanese") or =GPT_TRANSLATE(B2:B50, "English", "Japanese")
 *
 * @param {string|Array<Array<string>>} text A cell or range of texts.
 * @param {string} target_language The language to translate into, such as "Japanese" or "日本語".
 * @param {string} source_language Optional. The language of the text (detected when omitted).
 * @return One translation per cell.
 * @customfunction
 */
export function GPT_TRANSLATE(text: unknown, target_language: unknown, source_language?: unknown) {
  return gptTranslate(formulaEnv(), text, target_language, source_language);
}

/** Adds the add-on menu. Also runs in AuthMode.NONE, where nothing but the menu may be touched. */
export function onOpen(e?: { authMode?: unknown }) {
  notFromCell();
  const none = String(e?.authMode) === 'NONE';
  const locale = none ? 'en' : userLocale();
  buildMenu(SpreadsheetApp.getUi(), locale);
  if (!none) warnOwnerOnOpen(locale);
}

/** A budget 80 % spent, or a day far above the usual: the owner hears of it when opening the file. */
function warnOwnerOnOpen(locale: Locale) {
  try {
    const who = caller();
    if (who.role !== 'owner') return;
    const text = usageWarnings(usageReport(documentStore().getAll(), usageContext(who)), locale);
    if (text) SpreadsheetApp.getActiveSpreadsheet().toast(text, format(locale, 'sidebar_title'), 15);
  } catch {
    // Opening the spreadsheet must never fail over a warning.
  }
}

/** Runs when the add-on is installed: the menu should appear at once. */
export function onInstall(e?: { authMode?: unknown }) {
  onOpen(e);
}

/** Menu: opens the settings sidebar. */
export function showSettings() {
  notFromCell();
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle(
    format(userLocale(), 'sidebar_title'),
  );
  SpreadsheetApp.getUi().showSidebar(html);
}

/** Menu: re-runs GPT formulas of the current tab that show an error or a failed row. */
export function refreshFailedCells() {
  notFromCell();
  const count = refreshFailed(SpreadsheetApp.getActiveSheet(), () => SpreadsheetApp.flush());
  SpreadsheetApp.getActiveSpreadsheet().toast(format(userLocale(), 'refreshed', { count }));
}

/** Menu: replaces the add-on's formulas in the selection by the text they show, kept exactly as text. */
export function replaceFormulasWithValues() {
  notFromCell();
  const range = SpreadsheetApp.getActiveRange();
  const locale = userLocale();
  if (!range) {
    SpreadsheetApp.getUi().alert(format(locale, 'nothing_selected'));
    return;
  }
  const count = replaceWithValues(range);
  SpreadsheetApp.getActiveSpreadsheet().toast(format(locale, 'frozen', { count }));
}

/** Menu: a short help text. */
export function showHelp() {
  notFromCell();
  SpreadsheetApp.getUi().alert(format(userLocale(), 'help_text'));
}

/** Checks, tests and stores the caller's API key; returns only its masked form. */
export function saveApiKey(key: unknown): SaveKeyResult {
  return serverCall(() => saveKey(key, keySetupDeps(), 'main'));
}

/**
 * Checks, tests and stores the caller's backup key, used by formulas and jobs when OpenAI refuses
 * the main key (revoked after a leak); returns only its masked form.
 */
export function saveBackupApiKey(key: unknown): SaveKeyResult {
  return serverCall(() => saveKey(key, keySetupDeps(), 'backup'));
}

/** Removes the caller's API key. */
export function deleteApiKey(): { ok: true } {
  return serverCall(() => deleteKey(userStore(), 'main'));
}

/** Removes the caller's backup key. */
export function deleteBackupApiKey(): { ok: true } {
  return serverCall(() => deleteKey(userStore(), 'backup'));
}

/**
 * The caller's settings and language: the model formulas use, its shutdown date and replacement,
 * whether keys are set and their masked forms (never a key), and the caller's role here.
 */
export function getSettings(): SettingsView {
  return serverCall(() => {
    const today = utcDay(Date.now());
    const store = userStore();
    const who = caller();
    const settings = publicSettings(store, today, documentLessons(today));
    return {
      ...settings,
      ...keyStatus(store, documentStore().getAll()),
      instructions: spreadsheetInstructions(who),
      role: who.role,
      locale: userLocale(),
      isolateRows: isolationView(settings.model),
    };
  });
}

/** The chat models the caller's key can use, with their shutdown dates (the add-on's table without a key). */
export function listModels(): ModelOption[] {
  return serverCall(() => listUsableModels(userStore(), urlFetchHttp, appsScriptClock));
}

/** Sidebar: answers one prompt with the caller's key, through the same cache and budget as formulas. */
export function tryPrompt(prompt: unknown): { answer: string } {
  return serverCall(() => {
    // The caller's own key: an editor's question is not charged to the owner's budget.
    const env = {
      ...formulaEnv(),
      reach: () => 'page' as const,
      sheet: () => undefined,
      locale: userLocale,
      spender: callerSpender(),
      callingCell: undefined,
    };
    return { answer: String(gpt(env, prompt)) };
  });
}

/** Owner only: forgets every cached answer of this spreadsheet (the next recalculation is billed again). */
export function clearCache(): { ok: true } {
  return serverCall(() => {
    requireOwner(caller().role);
    return clearDocumentCache(documentStore(), documentLock(), newId());
  });
}

/**
 * Changes some of the caller's settings (model, baseUrl, prices, formulaModels, formulaMaxTokens),
 * and, for the owner only, this spreadsheet's `instructions` for every task's prompt and
 * `isolateRows` (true: every row of every formula and job here is sent alone).
 */
export function saveSettings(
  partial: unknown,
): PublicSettings & { instructions: string; isolateRows: IsolationView } {
  return serverCall(() => {
    const store = userStore();
    const today = utcDay(Date.now());
    const { instructions, maskPersonalData, isolateRows } = checkSettingsInput(partial);
    const who = caller();
    // Masking formulas' rows is the owner's decision (formulas read the owner's store).
    if (maskPersonalData !== undefined && who.role === 'editor') throw new UserError('owner_only');
    if (isolateRows !== undefined && typeof isolateRows !== 'boolean')
      throw new UserError('setting_invalid', { name: 'isolateRows' });
    if (isolateRows !== undefined) requireOwner(who.role);
    // Everything is checked before anything is written: a refused call changes nothing.
    const pending = instructions === undefined ? false : ownerDecision(who.role) === 'pending';
    const text = instructions === undefined ? undefined : checkInstructions(instructions);
    saveUserSettings(store, partial, today);
    if (text !== undefined) {
      const docs = documentStore();
      docs.setAll(instructionsChanges(docs.getAll(), text, who.id, pending));
    }
    if (typeof isolateRows === 'boolean')
      documentStore().set(ISOLATE_ROWS_KEY, isolateRowsValue(isolateRows, who.id));
    const settings = publicSettings(store, today, documentLessons(today));
    return {
      ...settings,
      instructions: spreadsheetInstructions(who),
      isolateRows: isolationView(settings.model),
    };
  });
}

/**
 * Budgets in tokens and dollars, use in the current period, the last 30 days and warnings, for the
 * spreadsheet and each tab (by id: deleted tabs included), and what others spent with their keys.
 */
export function getUsage(): UsageReport {
  return serverCall(() => usageReport(documentStore().getAll(), usageContext(caller())));
}

/**
 * Owner only: sets the budget of the spreadsheet, or of one tab
 * ({tokens?, usd?, period?, sheet? (its name) or sheetId? (also a deleted tab's)}).
 */
export function setBudget(budget: unknown): UsageReport {
  return serverCall(() => {
    const who = caller();
    return setBudgetIn(documentStore(), documentLock(), budget, who, usageContext(who));
  });
}

/** Sidebar: opens the dialog that previews a change of the model formulas use. */
export function showModelPreview() {
  notFromCell();
  const html = HtmlService.createHtmlOutputFromFile('ModelPreview').setWidth(640).setHeight(620);
  SpreadsheetApp.getUi().showModelessDialog(html, format(userLocale(), 'preview_title'));
}

/**
 * The model formulas use, its shutdown date and replacement, and the models to preview. The owner
 * only (and anyone while no formula has shown who the owner is): the model formulas use is kept in
 * the owner's store, which nobody else's call can read.
 */
export function getModelPreviewSetup(): PublicSettings & {
  rows: number;
  locale: Locale;
  role: 'owner' | 'editor' | 'unknown';
} {
  return serverCall(() => {
    const env = previewEnv();
    const today = utcDay(Date.now());
    const settings = publicSettings(userStore(), today, documentLessons(today));
    return { ...settings, rows: recordedRows(env), locale: userLocale(), role: caller().role };
  });
}

/** What asking `model` the recorded texts would cost at most (the owner's budgets apply). */
export function estimateModelPreview(model: unknown): PreviewEstimate {
  return serverCall(() => estimatePreview(previewEnv(), String(model ?? '')));
}

/** Asks `model` the texts the current model answered here, and compares the answers. */
export function previewModelChange(model: unknown): ModelPreview {
  return serverCall(() => runPreview(previewEnv(), String(model ?? '')));
}

/** Owner only: formulas use `model` from now on. */
export function switchFormulaModel(model: unknown): PublicSettings {
  return serverCall(() => {
    if (caller().role !== 'owner') throw new UserError('owner_only');
    const today = utcDay(Date.now());
    saveUserSettings(userStore(), { model }, today);
    return publicSettings(userStore(), today, documentLessons(today));
  });
}

function previewEnv(): PreviewDeps {
  if (caller().role === 'editor') throw new UserError('owner_only');
  const store = userStore();
  const keys = formulaKeys(store);
  if (!keys) throw new UserError('no_key');
  const settings = readSettings(store);
  const today = utcDay(Date.now());
  const locale = userLocale();
  return {
    pipeline: pipelineDeps(keys.first, settings.baseUrl, settings.prices),
    currentModel: publicSettings(store, today, documentLessons(today)).model,
    spender: callerSpender(),
    maskPersonalData: settings.maskPersonalData === true,
    now: Date.now(),
    render: (e) => e.render(locale),
  };
}

/** Menu: opens the dialog that starts a column job. */
export function showColumnJob() {
  notFromCell();
  const html = HtmlService.createHtmlOutputFromFile('ColumnJob').setWidth(420).setHeight(560);
  SpreadsheetApp.getUi().showModelessDialog(html, format(userLocale(), 'column_job_title'));
}

/** What the column-job dialog offers: the tabs with their header row, and where the cursor is. */
export function getJobSetup(): JobSetup {
  return serverCall(() => jobSetup(SpreadsheetApp.getActiveSpreadsheet()));
}

/** Estimated tokens and cost of a column job, and whether the budget covers it. */
export function estimateColumnJob(spec: unknown): JobEstimate {
  return serverCall(() => estimateJob(spec, jobDeps()));
}

/**
 * How many rows of a job's or evaluation's input range hold each kind of personal data (counts only,
 * never the values). Anyone who may start a job may ask: the add-on's dialogs open only for people
 * who can edit, and the counts say nothing about cells the caller cannot read anyway.
 */
export function scanPersonalData(spec: unknown): PersonalDataScan {
  return serverCall(() => scanInputs(spec, jobDeps()));
}

/** Queues a column job ({sheet, inputColumn, outputColumn, task, args?, firstRow?, lastRow?, overwrite?, personalData? ('mask' by default, 'skip' or 'send')}). */
export function startColumnJob(spec: unknown): { jobId: string } {
  return serverCall(() => startJob(spec, jobDeps()));
}

/** Menu: opens the dialog that evaluates a task against a column of expected answers. */
export function showEvaluation() {
  notFromCell();
  const html = HtmlService.createHtmlOutputFromFile('Evaluate').setWidth(560).setHeight(640);
  SpreadsheetApp.getUi().showModelessDialog(html, format(userLocale(), 'evaluate_title'));
}

/** Estimated tokens and cost of an evaluation (every row for each model), and whether the budget covers it. */
export function estimateEvaluationRun(spec: unknown): JobEstimate {
  return serverCall(() => estimateEvaluation(spec, jobDeps()));
}

/**
 * Queues an evaluation ({sheet, inputColumn, labelColumn, task, args?, examples? (e.g. "D2:E6"),
 * models? (up to 3), firstRow?, lastRow?}); it runs like a column job and writes only its report tab.
 */
export function startEvaluation(spec: unknown): { jobId: string } {
  return serverCall(() => startEvaluationJob(spec, jobDeps()));
}

/** An evaluation's figures per model (accuracy, per-label precision and recall, confusion, cost). */
export function getEvaluation(jobId: unknown): EvaluationView {
  return serverCall(() => evaluationView(jobId, jobDeps()));
}

/** Does as much of the job as fits in one execution and returns its status. */
export function runJobStep(jobId: unknown): PageJobStatus {
  const started = Date.now();
  return serverCall(() => pageStatus(runStep(jobId, jobDeps(), started + JOB_STEP_MS), userLocale()));
}

/** A job's progress. */
export function getJobStatus(jobId: unknown): PageJobStatus {
  return serverCall(() => pageStatus(jobStatus(jobId, jobDeps()), userLocale()));
}

/** Cancels a job (the caller's, or as the spreadsheet's owner one nobody can run any more); rows already written stay. */
export function cancelJob(jobId: unknown): PageJobStatus {
  return serverCall(() => pageStatus(cancelRun(jobId, jobDeps()), userLocale()));
}

/** Resumes a paused or stopped job; with retryFailed, its failed rows are tried again. */
export function resumeColumnJob(jobId: unknown, retryFailed?: unknown): PageJobStatus {
  return serverCall(() => pageStatus(resumeJob(jobId, jobDeps(), retryFailed === true), userLocale()));
}

/** The caller's column jobs in this spreadsheet, newest first, and others' jobs the caller may cancel. */
export function listColumnJobs(): PageJobStatus[] {
  return serverCall(() => listJobsFor(jobDeps()).map((s) => pageStatus(s, userLocale())));
}

/**
 * Time-driven trigger, one per spreadsheet: carries the caller's running jobs there on while no page
 * drives them. Without a document (an add-on's trigger) it can do nothing, and removes itself.
 */
export function runJobsInBackground(e?: { triggerUid?: unknown }) {
  const started = Date.now();
  const triggerId = typeof e?.triggerUid === 'string' ? e.triggerUid : undefined;
  // A trigger has no UI either, but it passes its event, which a cell cannot.
  if (triggerId === undefined) notFromCell();
  if (!hasDocument()) {
    retireTrigger(userPlace(), scriptTriggers, triggerId, true);
    return;
  }
  runInBackground(jobDeps(), triggerId, started + JOB_STEP_MS);
}
