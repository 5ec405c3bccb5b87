// The dialog's column choices and defaults, from what getJobSetup says about each tab.
import { columnLetter, lettersToNumber } from '../../jobs/columns';
import type { JobSetup, TabInfo } from '../shared/server';

export interface ColumnChoice {
  column: string;
  header: string;
}

/** Input choices: the tab's columns as getJobSetup lists them (its used width plus one). */
export function inputChoices(tab: TabInfo): ColumnChoice[] {
  return tab.columns.length ? tab.columns : [{ column: 'A', header: '' }];
}

/** The cursor's column on the active tab; elsewhere the first column with a header. */
export function defaultInput(setup: JobSetup, tab: TabInfo): string {
  const choices = inputChoices(tab);
  if (tab.name === setup.activeSheet && choices.some((c) => c.column === setup.activeColumn))
    return setup.activeColumn;
  return (choices.find((c) => c.header.trim() !== '') ?? choices[0]).column;
}

/** The first column right of the input whose header is empty, else the one right of the input. */
export function defaultOutput(tab: TabInfo, input: string): string {
  const n = lettersToNumber(input);
  const free = tab.columns.find((c) => lettersToNumber(c.column) > n && c.header.trim() === '');
  return free ? free.column : columnLetter(n + 1);
}

/** Headers that name the answers a person expects (an evaluation's column to compare with). */
const EXPECTED_HEADER = /label|expected|answer|correct|truth|gold|正解|ラベル|期待|答え/i;

/**
 * An evaluation's column of expected answers: a column with a header (an empty one holds no answers
 * to compare with), one named like answers first, else the nearest to the right of the input, else to
 * its left; the output default when no other column has a header.
 */
export function defaultExpected(tab: TabInfo, input: string): string {
  const n = lettersToNumber(input);
  const headed = tab.columns.filter((c) => c.column !== input && c.header.trim() !== '');
  const named = headed.find((c) => EXPECTED_HEADER.test(c.header));
  const right = headed.find((c) => lettersToNumber(c.column) > n);
  const left = [...headed].reverse().find((c) => lettersToNumber(c.column) < n);
  return (named ?? right ?? left)?.column ?? defaultOutput(tab, input);
}

/** Output choices: the tab's columns, and the default one beyond them when it is not listed. */
export function outputChoices(tab: TabInfo, input: string): ColumnChoice[] {
  const choices = [...inputChoices(tab)];
  const fallback = defaultOutput(tab, input);
  if (!choices.some((c) => c.column === fallback)) choices.push({ column: fallback, header: '' });
  return choices;
}

/** The last row a job on this tab should cover by default: its last row with data, at least 2. */
export function defaultLastRow(tab: TabInfo): number {
  return Math.max(2, tab.lastRow);
}
