// Ui (menus, sidebars, dialogs, alerts) and HtmlService handlers. Everything shown is recorded on the host.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HandlerTable } from '../execution';
import type { HostState } from '../host-state';
import { facade, isFacadeMarker } from '../protocol';
import type { MenuItem } from '../types';
import { str } from './args';

/** HtmlOutput state as the worker keeps it. */
export interface HtmlOutputData {
  content: string;
  title: string;
  width?: number;
  height?: number;
}

const ADDON_MENU_TITLE = 'Add-on';

export function uiHandlers(host: HostState): HandlerTable {
  const ui = host.ui;
  return {
    'SpreadsheetApp.getUi': () => facade('Ui'),
    'SpreadsheetApp.Ui.createAddonMenu': () => facade('Menu', null, { title: ADDON_MENU_TITLE }),
    'SpreadsheetApp.Ui.createMenu': (_e, [, title]) => facade('Menu', null, { title: str(title, 'caption') }),
    'SpreadsheetApp.Menu.addToUi': (_e, [, menu]) => {
      const { title, items } = menu as { title: string; items: MenuItem[] };
      const existing = ui.menus.findIndex((m) => m.title === title);
      if (existing >= 0) ui.menus.splice(existing, 1);
      ui.menus.push({ title, items });
      return null;
    },
    'SpreadsheetApp.Ui.showSidebar': (exec, [, output]) => {
      const html = htmlData(output);
      ui.sidebars.push({ title: html.title, html: html.content, user: exec.user });
      return null;
    },
    'SpreadsheetApp.Ui.showModalDialog': (_e, [, output, title]) => showDialog(host, output, title, true),
    'SpreadsheetApp.Ui.showModelessDialog': (_e, [, output, title]) => showDialog(host, output, title, false),
    'SpreadsheetApp.Ui.alert': (_e, [, ...args]) => {
      // alert(prompt), alert(prompt, buttons) or alert(title, prompt, buttons)
      const texts = args.length >= 3 ? args.slice(0, 2) : args.slice(0, 1);
      ui.alerts.push(texts.map(String).join('\n'));
      return 'OK';
    },
    'HtmlService.createHtmlOutput': (_e, [html]) => htmlOutput(html === undefined ? '' : String(html)),
    'HtmlService.createHtmlOutputFromFile': (_e, [name]) => {
      const file = join(host.config.distDir, `${str(name, 'filename').replace(/\.html$/, '')}.html`);
      if (!existsSync(file)) throw new Error(`No HTML file named ${String(name)} was found.`);
      return htmlOutput(readFileSync(file, 'utf8'));
    },
  };
}

function showDialog(host: HostState, output: unknown, title: unknown, modal: boolean): null {
  const html = htmlData(output);
  host.ui.dialogs.push({
    title: title === undefined ? html.title : String(title),
    html: html.content,
    modal,
  });
  return null;
}

/** The state of an HtmlOutput passed back by the worker. */
function htmlData(output: unknown): HtmlOutputData {
  if (!isFacadeMarker(output) || output.$facade !== 'HtmlOutput')
    throw new Error('Invalid argument: userInterface');
  return output.data as HtmlOutputData;
}

function htmlOutput(content: string): unknown {
  const data: HtmlOutputData = { content, title: '' };
  return facade('HtmlOutput', null, data);
}
