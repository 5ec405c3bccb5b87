// The API key: status, paste + test + save, delete. The raw key only ever sits in the password
// input until the server accepts it; what comes back and is shown is the masked form.
import type { Context } from './context';
import { el, errorText, guarded, hide, onEnter, show, statusLine } from '../shared/dom';
import { call, type ModelOption, type Settings } from '../shared/server';

export interface KeySectionHooks {
  /** The key changed (`saved`, or deleted); `models` is what the new key can use, if known. */
  onKeyChanged(models: ModelOption[] | null, saved: boolean): void;
}

export function keySection(ctx: Context, settings: Settings, hooks: KeySectionHooks): HTMLElement {
  const { t } = ctx;
  const status = el('p', { id: 'key-status', className: 'key-status' });
  const input = keyInput('key-input');
  const save = el('button', { id: 'key-save', className: 'action', text: t('key_save') });
  const remove = el('button', { id: 'key-delete', text: t('key_delete') });
  const message = statusLine('key-message');
  const label = el('label', { attrs: { for: 'key-input' } });
  // The notes on where the key is kept and whose key formulas spend go with the field they explain.
  const controls = el(
    'div',
    { id: 'key-controls' },
    label,
    input,
    el('div', { className: 'buttons' }, save, remove),
    el('p', { className: 'gray note', text: t('key_note_storage') }),
    el('p', { id: 'key-owner-note', className: 'gray note', text: t('key_note_owner') }),
  );
  // With a key saved, replacing it is something one does rarely: it folds under the saved key.
  const change = el('details', { id: 'key-change' }, el('summary', { text: t('key_change') }));
  const direct = el('div', { id: 'key-first' });
  const backup = backupKey(ctx, settings);

  const setStatus = (maskedKey: string | null) => {
    status.textContent = maskedKey ? t('key_status_saved', { masked: maskedKey }) : t('key_status_none');
    status.classList.toggle('gray', !maskedKey);
    remove.hidden = !maskedKey;
    label.textContent = t(maskedKey ? 'key_label' : 'key_label_first');
    // A backup is a second key: it means nothing before there is a first.
    backup.hidden = !maskedKey;
    (maskedKey ? change : direct).appendChild(controls);
    change.hidden = !maskedKey;
    direct.hidden = !!maskedKey;
  };
  setStatus(settings.hasKey ? settings.maskedKey : null);

  const saveKey = guarded([save, remove], async () => {
    show(message, t('key_testing'));
    try {
      const result = await call('saveApiKey', input.value);
      if (result.ok) {
        input.value = '';
        setStatus(result.maskedKey);
        show(message, result.message, 'success');
        hooks.onKeyChanged(result.models, true);
      } else {
        // Keep what was typed: the message says what to fix.
        show(message, result.message, 'error');
        input.focus();
      }
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });

  const deleteKey = guarded([save, remove], async () => {
    show(message, t('key_deleting'));
    try {
      await call('deleteApiKey');
      setStatus(null);
      show(message, t('key_deleted'), 'success');
      hooks.onKeyChanged(null, false);
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });

  save.addEventListener('click', () => void saveKey());
  remove.addEventListener('click', () => void deleteKey());
  onEnter(input, () => void saveKey());
  input.addEventListener('input', () => {
    if (message.classList.contains('error')) hide(message);
  });

  const refused = el('p', {
    id: 'key-refused',
    className: 'warning',
    text: t('key_main_refused'),
    hidden: !settings.mainKeyRefused,
  });
  return el(
    'section',
    { id: 'key', className: 'block', attrs: { 'aria-labelledby': 'key-heading' } },
    el('h2', { id: 'key-heading', text: t('key_heading') }),
    status,
    refused,
    direct,
    change,
    message,
    backup,
  );
}

/** A field for a key: hidden as typed, never completed, capitalised or spell-checked. */
function keyInput(id: string): HTMLInputElement {
  return el('input', {
    id,
    attrs: {
      type: 'password',
      autocomplete: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      placeholder: 'sk-…',
    },
  });
}

/** A second key: formulas and jobs switch to it when OpenAI refuses the main one. */
function backupKey(ctx: Context, settings: Settings): HTMLElement {
  const { t } = ctx;
  const status = el('p', { id: 'backup-status', className: 'gray' });
  const input = keyInput('backup-input');
  const save = el('button', { id: 'backup-save', text: t('backup_save') });
  const remove = el('button', { id: 'backup-delete', text: t('backup_delete') });
  const message = statusLine('backup-message');
  const setStatus = (masked: string | null) => {
    status.textContent = masked ? t('backup_status_saved', { masked }) : t('backup_status_none');
    remove.hidden = !masked;
  };
  setStatus(settings.hasBackupKey ? settings.maskedBackupKey : null);
  const saveBackup = guarded([save, remove], async () => {
    show(message, t('key_testing'));
    try {
      const result = await call('saveBackupApiKey', input.value);
      if (result.ok) {
        input.value = '';
        setStatus(result.maskedKey);
        show(message, t('backup_saved'), 'success');
      } else show(message, result.message, 'error');
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });
  const deleteBackup = guarded([save, remove], async () => {
    try {
      await call('deleteBackupApiKey');
      setStatus(null);
      show(message, t('backup_deleted'), 'success');
    } catch (error) {
      show(message, errorText(error), 'error');
    }
  });
  save.addEventListener('click', () => void saveBackup());
  remove.addEventListener('click', () => void deleteBackup());
  onEnter(input, () => void saveBackup());
  return el(
    'details',
    { id: 'backup' },
    el('summary', { text: t('backup_heading') }),
    el('p', { className: 'gray note', text: t('backup_note') }),
    status,
    el('label', { text: t('backup_label'), attrs: { for: 'backup-input' } }),
    input,
    el('div', { className: 'buttons' }, save, remove),
    message,
  );
}
