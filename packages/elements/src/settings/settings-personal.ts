import { html, type TemplateResult } from 'lit';
import type { ChatClient } from '@chatdesk/client';
import type { ParamsIn, Prefs } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import type { LocalizeController } from '../lib/localize.js';
import type { SettingsTerms } from './settings.en.js';

/*
 * The Personal tab of <chat-settings>: every chat user's own preferences (desktop notifications,
 * the sound, the UI language), saved the moment they change (`prefs.set`), apart from the admins'
 * document and its Save button.
 */

export type PersonalStatus = 'idle' | 'saving' | 'saved' | 'failed' | 'blocked';

export type PrefsChange = Pick<ParamsIn<'prefs.set'>, 'desktopNotifications' | 'sound' | 'language'>;

type Terms = LocalizeController<TermsOf<SettingsTerms>>;

/** The browser's answer on desktop notifications now. */
export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * Saves a change. Switching notifications on asks the browser first (this runs in the click, a
 * user gesture as browsers require); refused, nothing is saved. Switching the sound on plays it
 * once, so the user hears what they chose.
 */
export async function savePrefs(client: ChatClient, change: PrefsChange): Promise<PersonalStatus> {
  if (change.desktopNotifications) {
    const permission = notificationPermission();
    const answer = permission === 'default' ? await Notification.requestPermission() : permission;
    if (answer !== 'granted') return 'blocked';
  }
  if (change.sound) void import('../lib/chime.js').then((m) => m.playChime());
  try {
    await client.setPrefs(change);
    return 'saved';
  } catch {
    return 'failed';
  }
}

export function renderPersonal(t: Terms, prefs: Prefs | null, status: PersonalStatus, change: (c: PrefsChange) => void): TemplateResult {
  if (!prefs) return html`<p part="prefs-status" role="status">${t.term('loading')}</p>`;
  const permission = notificationPermission();
  const refused = permission === 'denied' || permission === 'unsupported';
  const words: Record<PersonalStatus, string> = {
    idle: '',
    saving: t.term('saving'),
    saved: t.term('saved'),
    failed: t.term('prefsFailed'),
    blocked: t.term('notificationsBlocked'),
  };
  return html`
    <p part="hint">${t.term('personalHint')}</p>
    <div part="field" data-field="desktopNotifications">
      <label part="checkbox"
        ><input
          type="checkbox"
          id="f-desktopNotifications"
          .checked=${prefs.desktopNotifications && permission === 'granted'}
          ?disabled=${refused && !prefs.desktopNotifications}
          aria-describedby="h-desktopNotifications"
          @change=${(e: Event) => change({ desktopNotifications: (e.target as HTMLInputElement).checked })}
        />
        ${t.term('desktopNotifications')}</label
      >
      <p part="hint" id="h-desktopNotifications">${refused ? t.term('notificationsBlocked') : t.term('desktopNotificationsHint')}</p>
    </div>
    <div part="field" data-field="sound">
      <label part="checkbox"
        ><input
          type="checkbox"
          id="f-sound"
          .checked=${prefs.sound}
          aria-describedby="h-sound"
          @change=${(e: Event) => change({ sound: (e.target as HTMLInputElement).checked })}
        />
        ${t.term('sound')}</label
      >
      <p part="hint" id="h-sound">${t.term('soundHint')}</p>
    </div>
    <div part="field" data-field="language">
      <label part="label" for="f-language">${t.term('language')}</label>
      <select
        part="select"
        id="f-language"
        aria-describedby="h-language"
        @change=${(e: Event) => {
          const v = (e.target as HTMLSelectElement).value;
          change({ language: v === 'ru' || v === 'en' ? v : null });
        }}
      >
        <option value="" ?selected=${prefs.language === null}>${t.term('languageBrowser')}</option>
        <option value="ru" lang="ru" ?selected=${prefs.language === 'ru'}>Русский</option>
        <option value="en" lang="en" ?selected=${prefs.language === 'en'}>English</option>
      </select>
      <p part="hint" id="h-language">${t.term('languageHint')}</p>
    </div>
    <p part="prefs-status" role="status">${words[status]}</p>
  `;
}
