import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import { DEFAULT_CHAT_SETTINGS, type Assignee, type ChatSettings } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import { isolate } from '../lib/bidi.js';
import { ChatElement } from '../lib/chat-element.js';
import { clientContext } from '../lib/context.js';
import { refusalOf, type Refusal } from '../lib/errors.js';
import { emit } from '../lib/events.js';
import { LocalizeController, setPreferredLang } from '../lib/localize.js';
import { PageClientLink } from '../lib/shared-client.js';
import { StoreController } from '../lib/store-controller.js';
import { tokens, type Theme } from '../lib/theme.js';
import {
  changedGroups,
  checkSettings,
  editsOf,
  getAt,
  joinMs,
  mergeIssues,
  placeIssues,
  rebase,
  setAt,
  splitMs,
  type Issues,
  type Store,
  type Unit,
} from './settings-draft.js';
import type { SettingsTerms } from './settings.en.js';
import { renderPersonal, savePrefs, type PersonalStatus, type PrefsChange } from './settings-personal.js';
import styles from './settings.styles.js';

/** Each language's terms, a chunk of their own (lib/localize.ts). */
const terms = {
  en: (): Promise<TermsOf<SettingsTerms>> => import('./settings.en.js').then((m) => m.en),
  ru: (): Promise<TermsOf<SettingsTerms>> => import('./settings.ru.js').then((m) => m.ru),
};

export const settingsTabs = ['general', 'privacy', 'widgets', 'timeLimits', 'personal'] as const;
export type SettingsTab = (typeof settingsTabs)[number];

export interface Channel {
  id: number;
  kind: string;
  name: string;
  connected: boolean;
}

export interface ChatSettingsSavedDetail {
  version: number;
  settings: ChatSettings;
}

type Phase = 'idle' | 'loading' | 'ready' | 'forbidden' | 'failed';

/** Time limits are typed in minutes and seconds; closing times in days, hours and minutes. */
const LIMIT_UNITS: readonly Unit[] = ['min', 's'];
const CLOSE_UNITS: readonly Unit[] = ['d', 'h', 'min'];
/** What auto-close starts from when it is switched on (S-SET-3). */
const DEFAULT_AUTO_CLOSE_MS = 24 * 3_600_000;

/** The fields every document has (each a path the schema may name); channel rows are added per channel. */
const FIXED_FIELDS = [
  'chatsEnabled',
  'displayMode',
  'managersSeeUnassigned',
  'autoCloseAssignedMs',
  'assignmentManagerIds',
  'distributionBot.enabled',
  'distributionBot.capacity',
  'distributionBot.managerIds',
  'distributionBot.closeAfterMs',
  'distributionBot.saveNewCustomers',
  'privacy.enabled',
  'privacy.text',
  'privacy.link',
  'privacy.excludedChannelIds',
  'widgets.storeByChannel',
  'widgets.order',
  'widgets.products',
  'widgets.tasks',
  'widgets.orderMethod',
  'widgets.orderType',
  'timeLimits.default.warningMs',
  'timeLimits.default.processingMs',
  'timeLimits.perChannel',
];

/** The tab that shows a field. */
function tabOf(path: string): SettingsTab {
  const group = path.split('.')[0];
  return group === 'privacy' || group === 'widgets' || group === 'timeLimits' ? group : 'general';
}

/** A field's path as an id (ids here live in the shadow root only). */
const slug = (path: string): string => path.replace(/\./g, '-');

/**
 * @summary The chat settings screen for admins and chat admins (S-SET-1..8, S-AUTH-3, S-CH-3):
 * four tabs — General, Privacy policy, Widgets, Time limits — over the one versioned settings
 * document, checked as a whole with the server's own schema on every change.
 *
 * Loads with `settings.get` (a plain manager gets `FORBIDDEN`: the element then says that only
 * admins see the settings) and the managers with `conversations.assignees`. Each problem shows at
 * its field in the user's language (`aria-invalid`, `aria-describedby` → the message), the tabs
 * count their problems, and Save stays disabled while any is left. Save sends `settings.update`
 * with the version the form was loaded at and only the groups that changed; when someone else
 * saved meanwhile (`CONFLICT`), their values are shown under the user's edits, with a notice, and
 * the next Save goes through. A `settings.changed` with a newer version reloads a form that has no
 * unsaved edits. Times are typed in minutes and seconds (closing times in days, hours and
 * minutes) and stored in milliseconds. Everything typed is rendered as text.
 *
 * The client comes from the `client` property, a surrounding `<chat-panel>` (context), or the
 * panel elsewhere on the page (`ChatPanel.clientFor(document)`), like `<chat-unread-badge>`.
 *
 * Keyboard: the tabs are one tab stop (← → Home End move between them and show their panel);
 * every control is a native one.
 *
 * @csspart base - The whole form.
 * @csspart tabs - The `tablist`.
 * @csspart tab - Each tab.
 * @csspart tab-selected - Added to the tab shown.
 * @csspart tab-issues - The number of problems on a tab.
 * @csspart panel - Each `tabpanel`.
 * @csspart group - A `fieldset` of fields (the bot, the stores, a channel's limits…).
 * @csspart field - One field: its control, hint and message (`data-field` names its path).
 * @csspart label - A field's label.
 * @csspart hint - What a field is for.
 * @csspart error - The message of a field that needs attention (`id` named by the control's `aria-describedby`).
 * @csspart input - Each text, number, url input and textarea.
 * @csspart select - Each `<select>`.
 * @csspart checkbox - A label with its checkbox or radio.
 * @csspart duration - The inputs of one time, one per unit.
 * @csspart add-button - Adds a channel's own time limits.
 * @csspart remove-button - Removes them.
 * @csspart footer - Save, Discard and the form's state.
 * @csspart summary - "2 fields need attention".
 * @csspart show-issue-button - Shows and focuses the first field that needs attention.
 * @csspart other-issues - Messages that name no field on the screen.
 * @csspart status - "Loading…", "Saving…", "Saved" (polite).
 * @csspart notice - Someone else saved meanwhile (`role=alert`).
 * @csspart dismiss-button - Hides the notice.
 * @csspart save-error - A save that failed for another reason (`role=alert`).
 * @csspart save-button - Saves.
 * @csspart discard-button - Back to what is saved.
 * @csspart no-access - A user who may not see the settings (`role=alert`).
 * @csspart load-error - The settings could not be loaded (`role=alert`).
 * @csspart retry-button - Loads again.
 * @csspart prefs-status - The personal settings' state: loading, saving, saved or why not (`role=status`).
 *
 * @cssproperty --chat-settings-bg - Background of the form.
 * @cssproperty --chat-settings-gap - Space between fields.
 * @cssproperty --chat-settings-max-width - The form's widest.
 * @cssproperty --chat-settings-error-color - Colour of the messages and of invalid controls' borders.
 * @cssproperty --chat-settings-notice-bg - Background of the notice that someone else saved meanwhile (#fffbeb; dark theme #422006).
 *
 * @event {{ version: number, settings: ChatSettings }} chat-settings-saved - A save went through.
 */
export class ChatSettingsElement extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);

  /** The client to use; set by context, by the page's shared client, or by hand. */
  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The tab shown. */
  @property({ reflect: true }) accessor tab: SettingsTab = 'general';

  /** `light`, `dark` or `auto` (the system's); not set: the page's `color-scheme`. */
  @property({ reflect: true }) accessor theme: Theme | undefined;

  @state() private accessor phase: Phase = 'idle';
  /** The settings as saved at `version`, and the form's values. */
  @state() private accessor base: ChatSettings | null = null;
  @state() private accessor draft: ChatSettings | null = null;
  @state() private accessor stores: readonly Store[] = [];
  @state() private accessor channels: readonly Channel[] = [];
  @state() private accessor managers: readonly Assignee[] = [];
  /** The server's refusal of the last save (`INVALID_PARAMS` `details.nested`), until the field is edited. */
  @state() private accessor serverIssues: Issues = {};
  @state() private accessor saving = false;
  @state() private accessor saved = false;
  @state() private accessor conflict = false;
  @state() private accessor loadFailure: Refusal | null = null;
  @state() private accessor saveFailure: Refusal | null = null;
  /** The channel the "add limits" select offers. */
  @state() private accessor addChannel = '';

  #version = 0;
  /** The newer version a quiet reload was started for (once per version). */
  #reloadFor = 0;
  /** The channel the "add limits" button adds, as last rendered. */
  #addKey = '';
  /** What was typed in each duration's inputs, so "05" or "1." is not rewritten while typing. */
  readonly #raw = new Map<string, string[]>();
  #byField = new Map<string, string[]>();
  #other: [string, string][] = [];
  #loadedWith: ChatClient | undefined;
  #seq = 0;
  readonly #page = new PageClientLink(this);
  /** The user's own preferences (the Personal tab), null until fetched. */
  readonly #prefs = new StoreController(this, (s) => s.prefs);
  @state() private accessor personal: PersonalStatus = 'idle';
  /** S-SET: every chat user's `settings.changed` lands here; a newer version reloads a clean form. */
  readonly #public = new StoreController(this, (s) => s.settings);

  /** The version the form's values were loaded (or last saved) at. */
  get version(): number {
    return this.#version;
  }

  /** Whether the form has edits not saved. */
  get dirty(): boolean {
    return !!this.base && !!this.draft && editsOf(this.base, this.draft).length > 0;
  }

  /** How many fields need attention now. */
  get issueCount(): number {
    return this.#byField.size + new Set(this.#other.map(([path]) => path)).size;
  }

  override connectedCallback(): void {
    const before = this.client;
    // The context request is answered synchronously inside super.connectedCallback().
    super.connectedCallback();
    this.#page.connected(before);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#page.disconnected();
  }

  /** Loads the settings again (what is typed and not saved is dropped). */
  reload(): Promise<void> {
    return this.#load(false);
  }

  protected override willUpdate(): void {
    if (this.client !== this.#loadedWith) {
      this.#loadedWith = this.client;
      void this.#load(false);
      this.client?.prefs().catch(() => undefined);
    }
    // The user's language, for a page that sets none.
    const prefs = this.#prefs.value;
    if (prefs) setPreferredLang(prefs.language);
    // Someone saved (here or on another node): a form without edits follows at once; one with
    // edits keeps them, and its save answers CONFLICT with what is saved now.
    const pub = this.#public.value;
    if (pub && this.phase === 'ready' && pub.version > this.#version && pub.version !== this.#reloadFor && !this.saving && !this.dirty) {
      this.#reloadFor = pub.version;
      void this.#load(true);
    }
    this.#check();
  }

  #check(): void {
    const draft = this.draft;
    if (!draft) {
      this.#byField = new Map();
      this.#other = [];
      return;
    }
    const fields = new Set(FIXED_FIELDS);
    for (const c of this.channels) if (this.stores.length > 0) fields.add(`widgets.storeByChannel.${c.id}`);
    for (const key of Object.keys(draft.timeLimits.perChannel)) {
      fields.add(`timeLimits.perChannel.${key}.warningMs`);
      fields.add(`timeLimits.perChannel.${key}.processingMs`);
    }
    const checked = checkSettings(
      draft,
      this.stores,
      this.channels.map((c) => c.id),
    );
    const issues = mergeIssues(checked, this.serverIssues);
    ({ byField: this.#byField, other: this.#other } = placeIssues(issues, fields));
  }

  async #load(quiet: boolean): Promise<void> {
    const client = this.client;
    const seq = ++this.#seq;
    if (!client) {
      this.phase = 'idle';
      return;
    }
    if (!quiet) {
      this.phase = 'loading';
      this.loadFailure = null;
    }
    try {
      const [got, managers] = await Promise.all([
        client.call('settings.get', {}),
        // The lists of managers only: without them the ids still show.
        client.call('conversations.assignees', {}).then(
          (r) => r.assignees,
          () => [] as Assignee[],
        ),
      ]);
      if (seq !== this.#seq || (quiet && this.dirty)) return;
      this.stores = got.stores;
      this.channels = got.channels;
      this.managers = managers;
      this.#accept(got.settings, got.version);
      this.saved = false;
      this.saveFailure = null;
      this.phase = 'ready';
    } catch (err) {
      if (seq !== this.#seq || (quiet && this.phase === 'ready')) return;
      const refusal = refusalOf(err);
      this.phase = refusal.code === 'FORBIDDEN' ? 'forbidden' : 'failed';
      this.loadFailure = refusal;
    }
  }

  /** The document as saved at `version` becomes the form's. */
  #accept(settings: ChatSettings, version: number): void {
    this.base = settings;
    this.draft = settings;
    this.#version = version;
    this.#raw.clear();
    this.serverIssues = {};
    this.conflict = false;
  }

  /**
   * Saves what changed; resolves true when it went through. Does nothing while a field needs
   * attention or nothing changed.
   */
  async save(): Promise<boolean> {
    const { client, base, draft } = this;
    this.#check();
    if (!client || !base || !draft || this.saving || this.issueCount > 0) return false;
    const groups = changedGroups(base, draft);
    if (Object.keys(groups).length === 0) return false;
    this.saving = true;
    this.saved = false;
    this.saveFailure = null;
    // An answer to a load started before this save would be older than it.
    this.#seq++;
    try {
      const result = await client.call('settings.update', { version: this.#version, ...groups });
      // Edits typed while the save was on the way stay in the form.
      const later = editsOf(draft, this.draft);
      const current = this.draft!;
      this.#accept(result.settings, result.version);
      if (later.length > 0) this.draft = rebase(result.settings, current, later);
      this.saved = true;
      emit<ChatSettingsSavedDetail>(this, 'chat-settings-saved', { version: result.version, settings: result.settings });
      return true;
    } catch (err) {
      const { code, details } = err as { code?: unknown; details?: unknown };
      const d = (details ?? {}) as { version?: unknown; settings?: unknown; nested?: unknown };
      if (code === 'CONFLICT' && typeof d.version === 'number' && d.settings && typeof d.settings === 'object') {
        const saved = d.settings as ChatSettings;
        const current = this.draft!;
        const edits = editsOf(this.base, current);
        this.#accept(saved, d.version);
        this.draft = rebase(saved, current, edits);
        this.conflict = true;
      } else if (code === 'INVALID_PARAMS' && d.nested && typeof d.nested === 'object') {
        this.serverIssues = d.nested as Issues;
        await this.updateComplete;
        this.#focusFirstIssue();
      } else {
        this.saveFailure = refusalOf(err);
      }
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** Back to what is saved. */
  discard(): void {
    if (!this.base) return;
    this.draft = this.base;
    this.#raw.clear();
    this.serverIssues = {};
    this.saved = false;
  }

  #set(path: string, value: unknown): void {
    if (!this.draft) return;
    this.draft = setAt(this.draft, path.split('.'), value);
    this.saved = false;
    // What the server said of this field (or of a field not on the screen) no longer holds.
    const server = Object.entries(this.serverIssues);
    if (server.length > 0) {
      const unplaced = new Set(this.#other.map(([p]) => p));
      this.serverIssues = Object.fromEntries(server.filter(([p]) => p !== path && !p.startsWith(`${path}.`) && !unplaced.has(p)));
    }
  }

  #get<T>(path: string): T {
    return getAt(this.draft, path.split('.')) as T;
  }

  /** Shows the first field that needs attention (on this tab if any, else the first such tab) and focuses it. */
  #focusFirstIssue(): void {
    const paths = [...this.#byField.keys()];
    const on = (tab: SettingsTab) => paths.some((p) => tabOf(p) === tab);
    const tab = on(this.tab) ? this.tab : settingsTabs.find(on);
    if (!tab) return;
    this.tab = tab;
    void this.updateComplete.then(() => {
      const panel = this.renderRoot.querySelector(`#panel-${tab}`);
      // A message on a group without controls of its own (no stores known): its tab, at least.
      const target = panel?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`);
      target?.focus();
    });
  }

  // ---- tabs ----------------------------------------------------------------------------------

  /** The tabs this user has: a plain manager has their own preferences only. */
  get #tabs(): readonly SettingsTab[] {
    return this.phase === 'forbidden' ? ['personal'] : settingsTabs;
  }

  async #changePrefs(change: PrefsChange): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.personal = 'saving';
    this.personal = await savePrefs(client, change);
    // A refused permission leaves the box as the saved preference says.
    this.requestUpdate();
  }

  #selectTab(tab: SettingsTab, focus: boolean): void {
    this.tab = tab;
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
  }

  #onTabKey(e: KeyboardEvent): void {
    const tabs = this.#tabs;
    const i = Math.max(0, tabs.indexOf(this.tab));
    const n = tabs.length;
    const next =
      e.key === 'ArrowRight' ? tabs[(i + 1) % n]
      : e.key === 'ArrowLeft' ? tabs[(i + n - 1) % n]
      : e.key === 'Home' ? tabs[0]
      : e.key === 'End' ? tabs[n - 1]
      : undefined;
    if (!next) return;
    e.preventDefault();
    this.#selectTab(next, true);
  }

  // ---- fields --------------------------------------------------------------------------------

  /** The messages at a field, in the user's language: the schema's and the server's are terms; others show as they came. */
  #messages(path: string): string[] {
    return (this.#byField.get(path) ?? []).map((m) => this.#say(m, path.endsWith('Ms')) || m);
  }

  #say(message: string, ms: boolean): string {
    const t = this.#l10n;
    const known = t.term('issue', message);
    if (known) return known;
    // valibot's own wording: "Invalid value: Expected >=1 but received 0".
    const bound = /^Invalid value: Expected (>=|<=)(\d+(?:\.\d+)?)/.exec(message);
    if (bound) {
      const n = ms ? t.term('duration', Number(bound[2])) : bound[2]!;
      return bound[1] === '>=' ? t.term('atLeast', n) : t.term('atMost', n);
    }
    const length = /^Invalid length: Expected <=(\d+)/.exec(message);
    if (length) return t.term('maxChars', length[1]!);
    if (/^Invalid (safe )?integer/.test(message)) return t.term('wholeNumber');
    return '';
  }

  #aria(path: string, hint = false): { invalid: 'true' | typeof nothing; describedBy: string | typeof nothing } {
    const bad = this.#byField.has(path);
    const ids = [hint ? `h-${slug(path)}` : '', bad ? `e-${slug(path)}` : ''].filter(Boolean).join(' ');
    return { invalid: bad ? 'true' : nothing, describedBy: ids || nothing };
  }

  #hint(path: string, text: string) {
    return html`<p part="hint" id="h-${slug(path)}">${text}</p>`;
  }

  #error(path: string) {
    const messages = this.#messages(path);
    return messages.length > 0 ? html`<p part="error" id="e-${slug(path)}">${messages.join(' · ')}</p>` : nothing;
  }

  #checkbox(path: string, label: string, hint?: string) {
    const a = this.#aria(path, !!hint);
    return html`<div part="field" data-field=${path}>
      <label part="checkbox"
        ><input
          type="checkbox"
          id="f-${slug(path)}"
          .checked=${this.#get<boolean>(path)}
          aria-invalid=${a.invalid}
          aria-describedby=${a.describedBy}
          @change=${(e: Event) => this.#set(path, (e.target as HTMLInputElement).checked)}
        />
        ${label}</label
      >
      ${hint ? this.#hint(path, hint) : nothing} ${this.#error(path)}
    </div>`;
  }

  #text(path: string, label: string, opts: { hint?: string; type?: 'text' | 'url'; multiline?: boolean; maxlength: number }) {
    const a = this.#aria(path, !!opts.hint);
    const value = this.#get<string>(path);
    const onInput = (e: Event) => this.#set(path, (e.target as HTMLInputElement | HTMLTextAreaElement).value);
    return html`<div part="field" data-field=${path}>
      <label part="label" for="f-${slug(path)}">${label}</label>
      ${opts.multiline
        ? html`<textarea
            part="input"
            id="f-${slug(path)}"
            rows="4"
            maxlength=${opts.maxlength}
            .value=${value}
            aria-invalid=${a.invalid}
            aria-describedby=${a.describedBy}
            @input=${onInput}
          ></textarea>`
        : html`<input
            part="input"
            id="f-${slug(path)}"
            type=${opts.type ?? 'text'}
            maxlength=${opts.maxlength}
            .value=${value}
            aria-invalid=${a.invalid}
            aria-describedby=${a.describedBy}
            @input=${onInput}
          />`}
      ${opts.hint ? this.#hint(path, opts.hint) : nothing} ${this.#error(path)}
    </div>`;
  }

  #number(path: string, label: string, min: number, max: number) {
    const a = this.#aria(path);
    return html`<div part="field" data-field=${path}>
      <label part="label" for="f-${slug(path)}">${label}</label>
      <input
        part="input"
        class="short"
        id="f-${slug(path)}"
        type="number"
        inputmode="numeric"
        min=${min}
        max=${max}
        step="1"
        .value=${this.#raw.get(path)?.[0] ?? String(this.#get<number>(path))}
        aria-invalid=${a.invalid}
        aria-describedby=${a.describedBy}
        @input=${(e: Event) => {
          const raw = (e.target as HTMLInputElement).value;
          this.#raw.set(path, [raw]);
          // Empty counts as 0: the schema then says "at least 1".
          this.#set(path, raw.trim() === '' ? 0 : Number(raw));
        }}
      />
      ${this.#error(path)}
    </div>`;
  }

  /** A time typed in `units` (one number input each), stored in ms; all empty is `null` when `optional`. */
  #duration(path: string, label: string, units: readonly Unit[], opts: { hint?: string; optional?: boolean } = {}) {
    const t = this.#l10n;
    const a = this.#aria(path, !!opts.hint);
    const ms = this.#get<number | null>(path);
    const raw = this.#raw.get(path) ?? (ms === null ? units.map(() => '') : splitMs(ms, units).map((n) => String(Math.round(n * 1000) / 1000)));
    const words: Record<Unit, string> = { d: t.term('days'), h: t.term('hours'), min: t.term('minutes'), s: t.term('seconds') };
    const onInput = () => {
      const typed = units.map((u) => this.renderRoot.querySelector<HTMLInputElement>(`#f-${slug(path)}-${u}`)?.value ?? '');
      this.#raw.set(path, typed);
      const value = joinMs(typed, units);
      this.#set(path, value === null && !opts.optional ? 0 : value);
    };
    return html`<fieldset part="field duration" data-field=${path}>
      <legend part="label">${label}</legend>
      <div class="units">
        ${units.map(
          (u, i) => html`<label class="unit"
            ><input
              part="input"
              class="short"
              id="f-${slug(path)}-${u}"
              type="number"
              inputmode="decimal"
              min="0"
              .value=${raw[i] ?? ''}
              aria-invalid=${a.invalid}
              aria-describedby=${a.describedBy}
              @input=${onInput}
            />
            ${words[u]}</label
          >`,
        )}
      </div>
      ${opts.hint ? this.#hint(path, opts.hint) : nothing} ${this.#error(path)}
    </fieldset>`;
  }

  /** A list of checkboxes over an array of ids (managers, channels). */
  #choices<T extends string | number>(path: string, legend: string, items: readonly { id: T; label: string; note?: string }[], empty: string, hint?: string) {
    const a = this.#aria(path, !!hint);
    const chosen = this.#get<readonly T[]>(path);
    const known = new Set(items.map((i) => i.id));
    // An id saved that is no longer offered stays visible (and can be taken off).
    const all = [...items, ...chosen.filter((id) => !known.has(id)).map((id) => ({ id, label: String(id), note: undefined }))];
    const toggle = (id: T, on: boolean) => this.#set(path, on ? [...chosen.filter((x) => x !== id), id] : chosen.filter((x) => x !== id));
    return html`<fieldset part="field group" data-field=${path}>
      <legend part="label">${legend}</legend>
      ${all.length === 0
        ? html`<p part="hint">${empty}</p>`
        : html`<div class="choices">
            ${all.map(
              (item) => html`<label part="checkbox"
                ><input
                  type="checkbox"
                  .checked=${chosen.includes(item.id)}
                  aria-invalid=${a.invalid}
                  aria-describedby=${a.describedBy}
                  @change=${(e: Event) => toggle(item.id, (e.target as HTMLInputElement).checked)}
                />
                <bdi>${item.label}</bdi>${item.note ? html` <span class="note">(${item.note})</span>` : nothing}</label
              >`,
            )}
          </div>`}
      ${hint ? this.#hint(path, hint) : nothing} ${this.#error(path)}
    </fieldset>`;
  }

  /** A time that may be off (`null`): a checkbox, and the time while it is on. */
  #optionalDuration(path: string, toggle: string, label: string, fallback: number) {
    const ms = this.#get<number | null>(path);
    const base = getAt(this.base, path.split('.'));
    return html`<div class="stack">
      <label part="checkbox"
        ><input
          type="checkbox"
          id="f-${slug(path)}-on"
          .checked=${ms !== null}
          @change=${(e: Event) => {
            this.#raw.delete(path);
            this.#set(path, (e.target as HTMLInputElement).checked ? (typeof base === 'number' ? base : fallback) : null);
          }}
        />
        ${toggle}</label
      >
      ${ms !== null ? this.#duration(path, label, CLOSE_UNITS) : this.#error(path)}
    </div>`;
  }

  #managerItems() {
    const t = this.#l10n;
    return this.managers.map((m) => ({ id: m.id, label: m.name, note: m.online ? t.term('online') : undefined }));
  }

  #channelName(id: string | number): string {
    return this.channels.find((c) => String(c.id) === String(id))?.name ?? this.#l10n.term('channelNumber', String(id));
  }

  #renderGeneral() {
    const t = this.#l10n;
    const d = this.draft!;
    const mode = this.#aria('displayMode');
    return html`
      ${this.#checkbox('chatsEnabled', t.term('chatsEnabled'), t.term('chatsEnabledHint'))}
      <fieldset part="field group" data-field="displayMode">
        <legend part="label">${t.term('displayMode')}</legend>
        ${(['popup', 'section'] as const).map(
          (m) => html`<label part="checkbox"
            ><input
              type="radio"
              name="displayMode"
              value=${m}
              .checked=${d.displayMode === m}
              aria-invalid=${mode.invalid}
              aria-describedby=${mode.describedBy}
              @change=${() => this.#set('displayMode', m)}
            />
            ${t.term(m === 'popup' ? 'displayPopup' : 'displaySection')}</label
          >`,
        )}
        ${this.#error('displayMode')}
      </fieldset>
      ${this.#checkbox('managersSeeUnassigned', t.term('managersSeeUnassigned'), t.term('managersSeeUnassignedHint'))}
      ${this.#optionalDuration('autoCloseAssignedMs', t.term('autoClose'), t.term('autoCloseAfter'), DEFAULT_AUTO_CLOSE_MS)}
      ${this.#choices('assignmentManagerIds', t.term('assignment'), this.#managerItems(), t.term('noManagers'), t.term('assignmentHint'))}
      <fieldset part="group" class="stack">
        <legend>${t.term('bot')}</legend>
        ${this.#checkbox('distributionBot.enabled', t.term('botEnabled'))}
        ${this.#number('distributionBot.capacity', t.term('botCapacity'), 1, 1000)}
        ${this.#choices('distributionBot.managerIds', t.term('botManagers'), this.#managerItems(), t.term('noManagers'))}
        ${this.#optionalDuration('distributionBot.closeAfterMs', t.term('botClose'), t.term('botCloseAfter'), DEFAULT_CHAT_SETTINGS.distributionBot.closeAfterMs ?? DEFAULT_AUTO_CLOSE_MS)}
        ${this.#checkbox('distributionBot.saveNewCustomers', t.term('botSaveCustomers'), t.term('botSaveCustomersHint'))}
      </fieldset>
    `;
  }

  #channelItems() {
    const t = this.#l10n;
    return this.channels.map((c) => ({ id: c.id, label: c.name, note: c.connected ? undefined : t.term('notConnected') }));
  }

  #renderPrivacy() {
    const t = this.#l10n;
    return html`
      ${this.#checkbox('privacy.enabled', t.term('privacyEnabled'), t.term('privacyEnabledHint'))}
      ${this.#text('privacy.text', t.term('privacyText'), { hint: t.term('privacyTextHint'), multiline: true, maxlength: 2000 })}
      ${this.#text('privacy.link', t.term('privacyLink'), { hint: t.term('privacyLinkHint'), type: 'url', maxlength: 2048 })}
      ${this.#choices('privacy.excludedChannelIds', t.term('privacyExcluded'), this.#channelItems(), t.term('noChannels'))}
    `;
  }

  #renderStores() {
    const t = this.#l10n;
    const map = this.draft!.widgets.storeByChannel;
    if (this.stores.length === 0) {
      return html`<fieldset part="field group" data-field="widgets.storeByChannel">
        <legend part="label">${t.term('stores')}</legend>
        <p part="hint">${t.term('noStores')}</p>
        ${this.#error('widgets.storeByChannel')}
      </fieldset>`;
    }
    return html`<fieldset part="field group" data-field="widgets.storeByChannel">
      <legend part="label">${t.term('stores')}</legend>
      ${this.channels.length === 0 ? html`<p part="hint">${t.term('noChannels')}</p>` : nothing}
      ${this.channels.map((c) => {
        const path = `widgets.storeByChannel.${c.id}`;
        const a = this.#aria(path);
        const code = map[String(c.id)];
        const unknown = code !== undefined && !this.stores.some((s) => s.code === code);
        return html`<div part="field" data-field=${path}>
          <label part="label" for="f-${slug(path)}"><bdi>${c.name}</bdi></label>
          <select
            part="select"
            id="f-${slug(path)}"
            aria-invalid=${a.invalid}
            aria-describedby=${a.describedBy}
            @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value;
              this.#set(path, v === '' ? undefined : v);
            }}
          >
            <option value="" .selected=${code === undefined}>${t.term('chooseStore')}</option>
            ${this.stores.map((s) => html`<option value=${s.code} .selected=${code === s.code}>${s.name}</option>`)}
            ${unknown ? html`<option value=${code} .selected=${true}>${t.term('unknownStore', isolate(code))}</option>` : nothing}
          </select>
          ${this.#error(path)}
        </div>`;
      })}
      ${this.#error('widgets.storeByChannel')}
    </fieldset>`;
  }

  #renderWidgets() {
    const t = this.#l10n;
    return html`
      ${this.#renderStores()}
      <fieldset part="group">
        <legend>${t.term('widgets')}</legend>
        ${this.#checkbox('widgets.order', t.term('widgetOrder'))} ${this.#checkbox('widgets.products', t.term('widgetProducts'))}
        ${this.#checkbox('widgets.tasks', t.term('widgetTasks'))}
      </fieldset>
      ${this.#text('widgets.orderMethod', t.term('orderMethod'), { hint: t.term('orderCodeHint'), maxlength: 128 })}
      ${this.#text('widgets.orderType', t.term('orderType'), { hint: t.term('orderCodeHint'), maxlength: 128 })}
    `;
  }

  #limits(prefix: string) {
    const t = this.#l10n;
    return html`${this.#duration(`${prefix}.warningMs`, t.term('warning'), LIMIT_UNITS, { optional: true, hint: t.term('warningHint') })}
    ${this.#duration(`${prefix}.processingMs`, t.term('processing'), LIMIT_UNITS, { hint: t.term('processingHint') })}`;
  }

  #addOverride(): void {
    const key = this.#addKey;
    if (!key || !this.draft) return;
    this.#set(`timeLimits.perChannel.${key}`, { ...this.draft.timeLimits.default });
    this.addChannel = '';
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#f-${slug(`timeLimits.perChannel.${key}.warningMs`)}-min`)?.focus());
  }

  #removeOverride(key: string): void {
    this.#set(`timeLimits.perChannel.${key}`, undefined);
    this.#raw.delete(`timeLimits.perChannel.${key}.warningMs`);
    this.#raw.delete(`timeLimits.perChannel.${key}.processingMs`);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#add-channel')?.focus());
  }

  #renderTimeLimits() {
    const t = this.#l10n;
    const perChannel = this.draft!.timeLimits.perChannel;
    const order = new Map(this.channels.map((c, i) => [String(c.id), i]));
    const keys = Object.keys(perChannel).sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || Number(a) - Number(b));
    const free = this.channels.filter((c) => !(String(c.id) in perChannel));
    // The channel chosen for "add", else the first one without limits of its own.
    const addChannel = free.some((c) => String(c.id) === this.addChannel) ? this.addChannel : String(free[0]?.id ?? '');
    this.#addKey = addChannel;
    return html`
      <fieldset part="group" class="stack">
        <legend>${t.term('limitsDefault')}</legend>
        <p part="hint">${t.term('limitsHint')}</p>
        ${this.#limits('timeLimits.default')}
      </fieldset>
      <fieldset part="field group" class="stack" data-field="timeLimits.perChannel">
        <legend part="label">${t.term('perChannel')}</legend>
        ${keys.length === 0 ? html`<p part="hint">${t.term('noOverrides')}</p>` : nothing}
        ${keys.map(
          (key) => html`<fieldset part="group" class="stack" data-channel=${key}>
            <legend><bdi>${this.#channelName(key)}</bdi></legend>
            ${this.#limits(`timeLimits.perChannel.${key}`)}
            <button part="remove-button" type="button" aria-label=${t.term('removeOverride', isolate(this.#channelName(key)))} @click=${() => this.#removeOverride(key)}>
              ${t.term('remove')}
            </button>
          </fieldset>`,
        )}
        ${this.channels.length === 0
          ? html`<p part="hint">${t.term('noChannels')}</p>`
          : free.length === 0
            ? html`<p part="hint">${t.term('allOverridden')}</p>`
            : html`<div class="add">
                <label part="label" for="add-channel">${t.term('addOverrideFor')}</label>
                <select part="select" id="add-channel" @change=${(e: Event) => (this.addChannel = (e.target as HTMLSelectElement).value)}>
                  ${free.map((c) => html`<option value=${String(c.id)} .selected=${String(c.id) === addChannel}>${c.name}</option>`)}
                </select>
                <button part="add-button" type="button" @click=${() => this.#addOverride()}>${t.term('addOverride')}</button>
              </div>`}
        ${this.#error('timeLimits.perChannel')}
      </fieldset>
    `;
  }

  #renderForm() {
    const t = this.#l10n;
    const perTab = new Map<SettingsTab, number>();
    for (const path of this.#byField.keys()) perTab.set(tabOf(path), (perTab.get(tabOf(path)) ?? 0) + 1);
    const labels: Record<SettingsTab, string> = {
      general: t.term('tabGeneral'),
      privacy: t.term('tabPrivacy'),
      widgets: t.term('tabWidgets'),
      timeLimits: t.term('tabTimeLimits'),
      personal: t.term('tabPersonal'),
    };
    const bodies: Record<SettingsTab, () => TemplateResult> = {
      general: () => this.#renderGeneral(),
      privacy: () => this.#renderPrivacy(),
      widgets: () => this.#renderWidgets(),
      timeLimits: () => this.#renderTimeLimits(),
      personal: () => renderPersonal(t, this.#prefs.value, this.personal, (c) => void this.#changePrefs(c)),
    };
    const tabs = this.#tabs;
    const admin = this.phase === 'ready';
    const shown: SettingsTab = tabs.includes(this.tab) ? this.tab : tabs[0]!;
    return html`<div part="base">
      ${admin ? nothing : html`<p part="no-access">${t.term('noAccess')}</p>`}
      <div part="tabs" role="tablist" aria-label=${t.term('title')} @keydown=${this.#onTabKey}>
        ${tabs.map((tab) => {
          const selected = tab === shown;
          const n = perTab.get(tab) ?? 0;
          return html`<button
            part=${selected ? 'tab tab-selected' : 'tab'}
            id="tab-${tab}"
            role="tab"
            type="button"
            aria-selected=${selected ? 'true' : 'false'}
            aria-controls="panel-${tab}"
            tabindex=${selected ? 0 : -1}
            @click=${() => this.#selectTab(tab, false)}
          >
            ${labels[tab]}${n > 0
              ? html`<span part="tab-issues" aria-hidden="true">${n}</span><span class="visually-hidden">, ${t.term('issues', n)}</span>`
              : nothing}
          </button>`;
        })}
      </div>
      ${tabs.map(
        (tab) => html`<div part="panel" role="tabpanel" id="panel-${tab}" aria-labelledby="tab-${tab}" ?hidden=${tab !== shown} data-tab=${tab}>
          ${bodies[tab]()}
        </div>`,
      )}
      ${admin ? this.#renderFooter() : nothing}
    </div>`;
  }

  /** Save, Discard and what the admins' document needs: not for the Personal tab, which saves on every change. */
  #renderFooter() {
    const t = this.#l10n;
    const count = this.issueCount;
    const dirty = this.dirty;
    return html`
      <div part="footer" ?hidden=${this.tab === 'personal' && !dirty}>
        ${this.conflict
          ? html`<div part="notice" role="alert">
              <span>${t.term('conflict')}</span>
              <button part="dismiss-button" type="button" @click=${() => (this.conflict = false)}>${t.term('dismiss')}</button>
            </div>`
          : nothing}
        ${this.saveFailure
          ? html`<p part="save-error" role="alert" title=${this.saveFailure.code ? this.saveFailure.detail : nothing}>${t.term('saveFailed', this.saveFailure.code)}</p>`
          : nothing}
        ${this.#other.length > 0
          ? html`<ul part="other-issues">
              ${this.#other.map(([path, m]) => html`<li>${path ? `${path}: ` : ''}${this.#say(m, path.endsWith('Ms')) || m}</li>`)}
            </ul>`
          : nothing}
        <div class="actions">
          <p part="summary" id="summary" role="status">${count > 0 ? t.term('issues', count) : ''}</p>
          ${this.#byField.size > 0
            ? html`<button part="show-issue-button" type="button" @click=${() => this.#focusFirstIssue()}>${t.term('showIssue')}</button>`
            : nothing}
          <p part="status" role="status">${this.saving ? t.term('saving') : this.saved ? t.term('saved') : ''}</p>
          <button part="discard-button" type="button" ?disabled=${!dirty || this.saving} @click=${() => this.discard()}>${t.term('discard')}</button>
          <button
            part="save-button"
            type="button"
            ?disabled=${!dirty || count > 0 || this.saving}
            aria-describedby=${count > 0 ? 'summary' : nothing}
            @click=${() => void this.save()}
          >
            ${t.term('save')}
          </button>
        </div>
      </div>
    `;
  }

  override render() {
    const t = this.#l10n;
    switch (this.phase) {
      case 'idle':
        return html`<p part="status" role="status">${t.term('noClient')}</p>`;
      case 'loading':
        return html`<p part="status" role="status">${t.term('loading')}</p>`;
      case 'failed': {
        const f = this.loadFailure;
        return html`<div part="base">
          <p part="load-error" role="alert" title=${f?.code ? f.detail : nothing}>${t.term('loadFailed', f?.code ?? '')}</p>
          <button part="retry-button" type="button" @click=${() => void this.reload()}>${t.term('retry')}</button>
        </div>`;
      }
      case 'forbidden': // not an admin: their own preferences only
      case 'ready':
        return this.#renderForm();
    }
  }
}
