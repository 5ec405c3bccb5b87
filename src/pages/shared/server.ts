// A typed promise over google.script.run. Return types come from the server functions
// themselves (type-only import: nothing of the server is bundled into the page).
import type * as Server from '../../main';
import type { Period } from '../../budget/ledger';
import type { TaskName } from '../../engine/tasks';
import type { JobArgs, JobMode } from '../../jobs/spec';
import type { PersonalDataRule } from '../../engine/personal-data';

export type Settings = ReturnType<typeof Server.getSettings>;
export type ModelOption = Settings['models'][number];
export type SavedSettings = ReturnType<typeof Server.saveSettings>;
export type SaveKeyResult = ReturnType<typeof Server.saveApiKey>;
export type UsageReport = ReturnType<typeof Server.getUsage>;
export type ScopeUsage = UsageReport['spreadsheet'];
export type { Period };

export type JobSetup = ReturnType<typeof Server.getJobSetup>;
export type TabInfo = JobSetup['tabs'][number];
export type JobEstimate = ReturnType<typeof Server.estimateColumnJob>;
export type JobStatus = ReturnType<typeof Server.runJobStep>;
export type JobState = JobStatus['state'];
export type EvaluationView = ReturnType<typeof Server.getEvaluation>;
export type ModelResult = EvaluationView['results'][number];
export type { TaskName, JobMode, PersonalDataRule };
export type PersonalDataScan = ReturnType<typeof Server.scanPersonalData>;
export type PreviewSetup = ReturnType<typeof Server.getModelPreviewSetup>;
export type PreviewEstimate = ReturnType<typeof Server.estimateModelPreview>;
export type ModelPreview = ReturnType<typeof Server.previewModelChange>;

/** A column job as the dialog sends it: columns as letters, every field filled in. */
export interface ColumnJobSpec {
  sheet: string;
  inputColumn: string;
  outputColumn: string;
  task: TaskName;
  args: Omit<JobArgs, 'temperature' | 'max_tokens'>;
  firstRow: number;
  lastRow: number;
  overwrite: boolean;
  untilBudget: boolean;
  /** `now` (default) or `batch`: the Batch API, half price, results within 24 hours. */
  mode: JobMode;
  /** A two-column range of examples as A1 text (e.g. "H2:I6"), read when the job starts. */
  examples?: string;
  /** Rows holding personal data: masked (the server's default), skipped or sent. */
  personalData?: PersonalDataRule;
}

/** An evaluation as the dialog sends it: the output column is the column of expected answers. */
export interface EvaluationSpec extends Omit<ColumnJobSpec, 'outputColumn' | 'overwrite'> {
  labelColumn: string;
  models: string[];
}

export interface BudgetInput {
  tokens: number | null;
  usd?: number | null;
  period?: Period;
  sheet?: string;
  /** A tab by id (also a deleted tab's, to remove its budget). */
  sheetId?: string;
}

/** What the page calls, with the arguments it sends. */
export interface ServerApi {
  getSettings(): Settings;
  saveApiKey(key: string): SaveKeyResult;
  deleteApiKey(): ReturnType<typeof Server.deleteApiKey>;
  saveBackupApiKey(key: string): SaveKeyResult;
  deleteBackupApiKey(): ReturnType<typeof Server.deleteBackupApiKey>;
  listModels(): ReturnType<typeof Server.listModels>;
  saveSettings(partial: {
    model?: string | null;
    baseUrl?: string;
    formulaModels?: string[];
    formulaMaxTokens?: number | null;
    instructions?: string;
    isolateRows?: boolean;
    maskPersonalData?: boolean;
  }): SavedSettings;
  getUsage(): UsageReport;
  setBudget(budget: BudgetInput): ReturnType<typeof Server.setBudget>;
  clearCache(): ReturnType<typeof Server.clearCache>;
  tryPrompt(text: string): ReturnType<typeof Server.tryPrompt>;
  showSettings(): void;
  showColumnJob(): void;
  getJobSetup(): JobSetup;
  estimateColumnJob(spec: ColumnJobSpec): JobEstimate;
  scanPersonalData(range: {
    sheet: string;
    inputColumn: string;
    firstRow: number;
    lastRow: number;
  }): PersonalDataScan;
  startColumnJob(spec: ColumnJobSpec): ReturnType<typeof Server.startColumnJob>;
  showEvaluation(): void;
  estimateEvaluationRun(spec: EvaluationSpec): JobEstimate;
  startEvaluation(spec: EvaluationSpec): ReturnType<typeof Server.startEvaluation>;
  getEvaluation(jobId: string): EvaluationView;
  runJobStep(jobId: string): JobStatus;
  getJobStatus(jobId: string): JobStatus;
  cancelJob(jobId: string): JobStatus;
  resumeColumnJob(jobId: string, retryFailed: boolean): JobStatus;
  listColumnJobs(): JobStatus[];
  showModelPreview(): void;
  getModelPreviewSetup(): PreviewSetup;
  estimateModelPreview(model: string): PreviewEstimate;
  previewModelChange(model: string): ModelPreview;
  switchFormulaModel(model: string): ReturnType<typeof Server.switchFormulaModel>;
}

type ServerFunction = (...args: unknown[]) => void;

interface ScriptRunner {
  withSuccessHandler(handler: (value: unknown) => void): ScriptRunner;
  withFailureHandler(handler: (error: unknown) => void): ScriptRunner;
}

declare const google: { script?: { run?: ScriptRunner; host?: { close?: () => void } } } | undefined;

export function hasBridge(): boolean {
  return typeof google !== 'undefined' && !!google?.script?.run;
}

function toError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string')
    return new Error((error as { message: string }).message);
  return new Error(String(error));
}

export function call<K extends keyof ServerApi>(
  fn: K,
  ...args: Parameters<ServerApi[K]>
): Promise<ReturnType<ServerApi[K]>> {
  return new Promise((resolve, reject) => {
    const run = typeof google !== 'undefined' ? google?.script?.run : undefined;
    if (!run) {
      reject(new Error('google.script.run is not available'));
      return;
    }
    const runner = run
      .withSuccessHandler((value) => resolve(value as ReturnType<ServerApi[K]>))
      .withFailureHandler((error) => reject(toError(error)));
    const target = (runner as unknown as Record<string, ServerFunction>)[fn];
    target.apply(runner, args);
  });
}

/** Closes the dialog or sidebar the page runs in (nothing happens outside Sheets). */
export function closeHost(): void {
  if (typeof google !== 'undefined') google?.script?.host?.close?.();
}
