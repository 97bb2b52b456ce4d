import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import type { CrmCustomer, CustomerPatch, CustomerTag, Result } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import { bidiText, isolate } from '../lib/bidi.js';
import { ChatElement } from '../lib/chat-element.js';
import { channelIcon, channelIconStyles } from '../lib/channel-icon.js';
import { clientContext } from '../lib/context.js';
import { refusalOf, type Refusal } from '../lib/errors.js';
import { emit } from '../lib/events.js';
import { icon } from '../lib/icons.js';
import { LocalizeController } from '../lib/localize.js';
import { PageClientLink } from '../lib/shared-client.js';
import { tokens, type Theme } from '../lib/theme.js';
import { defineParts } from '../lib/parts.js';
import type { CustomerWidgetTerms } from './customer-widget.en.js';
import styles from './customer-widget.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-customer-widget',
  'base title subtitle chat chat-name chat-phone chat-email chat-channel channel-icon note store save-form fields field label value value-empty edit-button editor input error save-button cancel-button save-error contacts contact contact-channel contact-login tags tag tag-on tag-error hint hint-title matches match match-name match-phone match-email link-button merge-button hint-error hint-status status load-error retry-button dialog dialog-title dialog-text confirm-button dialog-cancel-button',
);

/** Each language's terms, a chunk of their own (lib/localize.ts). */
const terms = {
  en: (): Promise<TermsOf<CustomerWidgetTerms>> => import('./customer-widget.en.js').then((m) => m.en),
  ru: (): Promise<TermsOf<CustomerWidgetTerms>> => import('./customer-widget.ru.js').then((m) => m.ru),
};

/** A pencil (edit a field). Only this widget draws it, so it lives here rather than in lib/. */
const pencilPath = 'M4 20h4L19 9l-4-4L4 16Zm9-13 4 4';

/** What the panel may fill from selected message text, and what the inline editors change. */
export const customerFields = ['name', 'phone', 'email', 'address'] as const;
export type CustomerField = (typeof customerFields)[number];

/** One input of an editor or of the Save form. */
type InputKey = 'firstName' | 'lastName' | 'patronymic' | 'phone' | 'email' | 'address';
type Values = Record<InputKey, string>;

/** The inputs of each editable field. */
const INPUTS: Readonly<Record<CustomerField, readonly InputKey[]>> = {
  name: ['firstName', 'lastName', 'patronymic'],
  phone: ['phone'],
  email: ['email'],
  address: ['address'],
};
/** The Save form's inputs, in order. */
const FORM_INPUTS: readonly InputKey[] = ['firstName', 'lastName', 'phone', 'email', 'address'];
/** The inputs whose typing looks for matching customers (S-W-CUST hint). */
const HINT_INPUTS: ReadonlySet<InputKey> = new Set(['firstName', 'lastName', 'phone', 'email']);
/** The hint waits for a pause in typing, and needs this much to search for. */
const HINT_DELAY_MS = 300;
const HINT_MIN_CHARS = 2;

/** Why a value was not taken, worded at render in the user's language. */
type Issue =
  | { kind: 'required' | 'badEmail' | 'badPhone' | 'refused' }
  | { kind: 'tooLong'; n: number }
  | { kind: 'failed'; refusal: Refusal };
type Issues = Partial<Record<InputKey, Issue>>;

interface Editor {
  field: CustomerField;
  values: Values;
  issues: Issues;
  saving: boolean;
}

interface SaveForm {
  values: Values;
  issues: Issues;
  saving: boolean;
  failure: Refusal | null;
}

interface Hint {
  /** The input typed in: the hint shows under it. */
  at: InputKey;
  /** Whose input: the Save form's or an editor's. */
  in: 'form' | 'editor';
  matches: readonly CrmCustomer[];
}

/** What was just done, said politely (`status`). */
type Announcement = { kind: 'saved' | 'alreadySaved' } | { kind: 'linked' | 'merged'; name: string };

type Phase = 'idle' | 'loading' | 'ready' | 'failed';
export type CustomerView = Result<'crm.customer'>;

export interface ChatCustomerChangeDetail {
  /** The conversation the widget showed when the change was made. */
  conversationId: number;
  /** The CRM customer as the CRM answered (saved, updated, linked, or the survivor of a merge). */
  customer: CrmCustomer;
}

const EMPTY: Values = { firstName: '', lastName: '', patronymic: '', phone: '', email: '', address: '' };

/** «Фамилия Имя Отчество», as CRMs in Russia show a person. */
export function fullName(c: Pick<CrmCustomer, 'firstName' | 'lastName' | 'patronymic'>): string {
  return [c.lastName, c.firstName, c.patronymic].filter((s) => s.trim() !== '').join(' ');
}

/** Selected text for the name: first and last split on the first space; one word is the first name alone. */
function splitName(text: string): { firstName: string; lastName?: string } {
  const [firstName = '', ...rest] = text.trim().split(/\s+/);
  return rest.length > 0 ? { firstName, lastName: rest.join(' ') } : { firstName };
}

/** The field an issue path names (`patch.phones.0` → phone, `customer.email` → email). */
function inputOf(path: string): InputKey | undefined {
  const name = path.split('.')[1];
  if (name === 'phones') return 'phone';
  return name === 'firstName' || name === 'lastName' || name === 'patronymic' || name === 'email' || name === 'address' ? name : undefined;
}

/** The schema's messages (protocol/src/crm.ts) as our own issues; another message: refused. */
function issueOf(input: InputKey, message: string): Issue {
  const max = /Expected <=(\d+)/.exec(message);
  if (max) return { kind: 'tooLong', n: Number(max[1]) };
  if (input === 'email') return { kind: 'badEmail' };
  if (input === 'phone') return { kind: 'badPhone' };
  return { kind: 'refused' };
}

/**
 * A refusal as issues at the fields: `INVALID_PARAMS` with `details.nested` names them; one
 * without (a host CRM's own refusal) and every other refusal go to `fallback`.
 */
function issuesOf(err: unknown, fallback: InputKey): Issues {
  const refusal = refusalOf(err);
  const nested = (err as { details?: { nested?: unknown } | null } | null)?.details?.nested;
  const issues: Issues = {};
  if (refusal.code === 'INVALID_PARAMS' && nested && typeof nested === 'object') {
    for (const [path, messages] of Object.entries(nested as Record<string, unknown>)) {
      const input = inputOf(path);
      const first = Array.isArray(messages) && typeof messages[0] === 'string' ? messages[0] : '';
      if (input && !issues[input]) issues[input] = issueOf(input, first);
    }
  }
  if (Object.keys(issues).length > 0) return issues;
  return { [fallback]: refusal.code === 'INVALID_PARAMS' ? { kind: 'refused' } : { kind: 'failed', refusal } };
}

/**
 * @summary The customer widget (S-W-CUST): who the conversation's customer is in the CRM — saved
 * there from the chat, edited in place, tagged VIP or BAD, linked to a customer the CRM already
 * has, or merged into one.
 *
 * Loads `crm.customer` for the conversation named by `conversation-id` and shows what the chat
 * knows (the customer's name in the chat, the channel, a phone and email the chat has). A customer
 * not in the CRM yet gets the Save form: first name (from the chat's name), last name, phone,
 * email, address, and the store they go to (the channel's, from the server; or that the channel
 * has none); Save sends `crm.saveCustomer`. A saved one shows their full name (last, first,
 * patronymic), phones, email, address, messenger logins and store, and the VIP and BAD tags as
 * toggle buttons (`aria-pressed`, `crm.updateCustomer` with the new `tags`).
 *
 * Inline editing: each of full name, phone (the main one; the others stay), email and address has
 * a pencil button, shown on hover and on focus and always in the Tab order. The pencil turns the
 * value into inputs; Enter or Save sends `crm.updateCustomer` with that field alone in `patch`;
 * Escape or Cancel puts the value back and focus on the pencil. A refusal shows at the input
 * (`aria-invalid`, `aria-describedby`) in the user's language, and the input stays open.
 *
 * Matching customers: while a name, phone or email is typed (in the Save form or an editor), a
 * pause of 300 ms with at least 2 characters asks `crm.findCustomers`; matches show under the
 * input («Похожие клиенты» / "Matching customers": name, phones, email), each with Link
 * (`crm.linkCustomer`) and, for a saved customer, Merge into (`crm.mergeCustomers` into that match,
 * after a confirmation in a modal `<dialog>` that says the conversations move to it). Their number
 * is announced politely (`hint-status`).
 *
 * Everything the CRM returned or the user typed is rendered as text.
 *
 * The client comes from the `client` property, a surrounding `<chat-panel>` (context), or the
 * page's panel (`ChatPanel.clientFor(document)`).
 *
 * Keyboard: every control is a native one. In an editor Enter saves and Escape cancels; ↓ in an
 * input with matches moves into the list; in the list ↑/↓ (Home/End) move between the matches and
 * Escape closes the list, back to the input. In the confirmation Escape closes it, back to the
 * Merge button.
 *
 * @csspart base - The whole widget.
 * @csspart title - The heading («Клиент» / "Customer").
 * @csspart subtitle - The headings of the chat side and of the Save form.
 * @csspart chat - What the chat knows of the customer.
 * @csspart chat-name - The customer's name in the chat.
 * @csspart chat-phone - The phone the chat knows.
 * @csspart chat-email - The e-mail address the chat knows.
 * @csspart chat-channel - The conversation's channel (its icon is `channel-icon`).
 * @csspart channel-icon - A channel's icon.
 * @csspart note - Says the customer is not in the CRM yet.
 * @csspart store - The store the customer is saved to (or that the channel has none).
 * @csspart save-form - The Save form.
 * @csspart fields - The saved customer's fields (a `dl`).
 * @csspart field - One field (`data-field`: `name`, `phone`, `email`, `address`, `contacts`, `store`; in the Save form the input's name).
 * @csspart label - A field's label.
 * @csspart value - A field's value.
 * @csspart value-empty - Added to `value` when the field is not set.
 * @csspart edit-button - The pencil of a field.
 * @csspart editor - The inputs of a field being edited.
 * @csspart input - Each input.
 * @csspart error - Why a value was not taken (`id` named by the input's `aria-describedby`).
 * @csspart save-button - Saves the form or an editor.
 * @csspart cancel-button - Leaves an editor.
 * @csspart save-error - Why the form was not saved, for a reason that is not a field's (`role=alert`).
 * @csspart contacts - The messenger logins.
 * @csspart contact - One login, with its channel's icon.
 * @csspart contact-channel - Its channel.
 * @csspart contact-login - The login.
 * @csspart tags - The group of tag buttons.
 * @csspart tag - A tag's toggle button (`data-tag`: `vip`, `bad`).
 * @csspart tag-on - Added to `tag` while it is pressed.
 * @csspart tag-error - Why a tag did not change (`role=alert`).
 * @csspart hint - The matching customers under an input.
 * @csspart hint-title - «Похожие клиенты» / "Matching customers".
 * @csspart matches - Their list.
 * @csspart match - One matching customer.
 * @csspart match-name - Its name.
 * @csspart match-phone - Its phones.
 * @csspart match-email - Its e-mail address.
 * @csspart link-button - Links the conversation's customer to a match.
 * @csspart merge-button - Merges the saved customer into a match (after the confirmation).
 * @csspart hint-error - Why a link or merge failed (`role=alert`).
 * @csspart hint-status - The number of matches, for screen readers (polite; visually hidden).
 * @csspart status - «Загрузка…», «Сохранено», «Диалог привязан…» (polite).
 * @csspart load-error - The customer could not be loaded, or the widget is switched off (`role=alert`).
 * @csspart retry-button - Loads again.
 * @csspart dialog - The merge confirmation (a modal `<dialog>`).
 * @csspart dialog-title - Its heading.
 * @csspart dialog-text - What the merge does.
 * @csspart confirm-button - Merges.
 * @csspart dialog-cancel-button - Closes the confirmation.
 *
 * @cssproperty --chat-customer-bg - Background of the widget.
 * @cssproperty --chat-customer-gap - Space between its blocks.
 * @cssproperty --chat-customer-error-color - Colour of messages and of invalid inputs' borders.
 * @cssproperty --chat-customer-hint-bg - Background of the matching customers.
 * @cssproperty --chat-customer-vip-color - A pressed VIP tag's colour (#a16207; dark theme #facc15).
 * @cssproperty --chat-customer-bad-color - A pressed BAD tag's colour (default: `--chat-danger`).
 *
 * @event {{ conversationId: number, customer: CrmCustomer }} chat-customer-change - The customer was
 * saved, edited, tagged, linked or merged (the survivor).
 */
export class ChatCustomerWidget extends ChatElement {
  static override styles = [tokens, channelIconStyles, styles];

  readonly #l10n = new LocalizeController(this, terms);

  /** The client to use; set by context, by the page's shared client, or by hand. */
  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The conversation whose customer the widget shows. */
  @property({ attribute: 'conversation-id', type: Number, reflect: true }) accessor conversationId = 0;

  /** `light`, `dark` or `auto` (the system's); not set: the page's `color-scheme`. */
  @property({ reflect: true }) accessor theme: Theme | undefined;

  @state() private accessor phase: Phase = 'idle';
  @state() private accessor view: CustomerView | null = null;
  @state() private accessor loadFailure: Refusal | null = null;
  @state() private accessor form: SaveForm | null = null;
  @state() private accessor editing: Editor | null = null;
  @state() private accessor hint: Hint | null = null;
  /** Why a link or merge failed. */
  @state() private accessor hintFailure: { kind: 'link' | 'merge'; refusal: Refusal } | null = null;
  @state() private accessor tagsBusy = false;
  @state() private accessor tagFailure: Refusal | null = null;
  /** A link or merge on its way. */
  @state() private accessor acting = false;
  /** The match the merge confirmation asks about. */
  @state() private accessor merging: CrmCustomer | null = null;
  @state() private accessor announcement: Announcement | null = null;

  #loadedWith: ChatClient | undefined;
  #loadedFor = 0;
  /** Bumped by every load: answers to an older one (another conversation) are dropped. */
  #seq = 0;
  #loading: Promise<void> = Promise.resolve();
  #hintTimer: ReturnType<typeof setTimeout> | undefined;
  #hintSeq = 0;
  /** The Merge button the confirmation came from: focus goes back there when it is cancelled. */
  #mergeOpener: HTMLElement | null = null;
  readonly #page = new PageClientLink(this);

  /** The CRM customer shown; null while not saved or not loaded. */
  get customer(): CrmCustomer | null {
    return this.view?.customer ?? null;
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
    clearTimeout(this.#hintTimer);
  }

  /** Loads the customer again (an open editor and what is typed in the Save form are dropped). */
  reload(): Promise<void> {
    this.#loadedWith = this.client;
    this.#loadedFor = this.conversationId;
    return (this.#loading = this.#load());
  }

  /**
   * Puts selected message text into a field (the panel's "set as name/phone/email/address"): for
   * a saved customer it opens that field's editor with the text (a name goes to first and last name,
   * split on the first space); for one not saved it fills the Save form's input. Resolves true once
   * the input shows (focused); false when there is nothing to fill (no customer loaded).
   */
  async fill(field: CustomerField, text: string): Promise<boolean> {
    // Waits for the load this update starts (a new client or conversation) and any later one.
    await this.updateComplete;
    let loading: Promise<void>;
    do {
      loading = this.#loading;
      await loading;
      await this.updateComplete;
    } while (loading !== this.#loading);
    const view = this.view;
    if (this.phase !== 'ready' || !view) return false;
    const value = text.trim().replace(/\s+/g, ' ');
    const given: Partial<Values> = field === 'name' ? splitName(value) : { [field]: value };
    const first = INPUTS[field][0]!;
    if (view.customer) {
      this.#openEditor(field, given, false);
      await this.updateComplete;
      this.#focusInput('e', first);
      this.#queueSearch('editor', first);
    } else if (this.form) {
      const issues = { ...this.form.issues };
      for (const key of Object.keys(given) as InputKey[]) delete issues[key];
      this.form = { ...this.form, values: { ...this.form.values, ...given }, issues };
      await this.updateComplete;
      this.#focusInput('s', first);
      this.#queueSearch('form', first);
    } else {
      return false;
    }
    return true;
  }

  protected override willUpdate(): void {
    if (this.client !== this.#loadedWith || this.conversationId !== this.#loadedFor) void this.reload();
  }

  async #load(): Promise<void> {
    const client = this.client;
    const conversationId = this.conversationId;
    const seq = ++this.#seq;
    this.#reset();
    this.view = null;
    this.loadFailure = null;
    if (!client || !conversationId) {
      this.phase = 'idle';
      return;
    }
    this.phase = 'loading';
    try {
      const view = await client.call('crm.customer', { conversationId });
      if (seq !== this.#seq) return;
      this.view = view;
      this.form = view.customer ? null : this.#newForm(view);
      this.phase = 'ready';
    } catch (err) {
      if (seq !== this.#seq) return;
      this.loadFailure = refusalOf(err);
      this.phase = 'failed';
    }
  }

  /** Everything that belongs to the customer shown before. */
  #reset(): void {
    clearTimeout(this.#hintTimer);
    this.#hintSeq++;
    this.form = null;
    this.editing = null;
    this.hint = null;
    this.hintFailure = null;
    this.tagFailure = null;
    this.announcement = null;
    this.merging = null;
    this.acting = false;
    this.tagsBusy = false;
  }

  /** The Save form, filled with what the chat knows. */
  #newForm(view: CustomerView): SaveForm {
    return {
      values: { ...EMPTY, firstName: view.chat.name, phone: view.chat.phone ?? '', email: view.chat.email ?? '' },
      issues: {},
      saving: false,
      failure: null,
    };
  }

  /** A customer the CRM answered with: shown, and announced to the page. */
  #accept(customer: CrmCustomer, conversationId: number, seq: number): boolean {
    emit<ChatCustomerChangeDetail>(this, 'chat-customer-change', { conversationId, customer });
    // The widget moved on to another conversation meanwhile: the change is made, not shown here.
    if (seq !== this.#seq || !this.view) return false;
    this.view = { ...this.view, customer };
    return true;
  }

  #focus(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  #focusInput(prefix: 'e' | 's', key: InputKey): void {
    const input = this.renderRoot.querySelector<HTMLInputElement>(`#${prefix}-${key}`);
    if (!input) return;
    input.focus();
    // The caret after what is there (a text or tel input: both allow it).
    input.setSelectionRange(input.value.length, input.value.length);
  }

  // ---- the Save form -------------------------------------------------------------------------

  #onFormInput(key: InputKey, value: string): void {
    if (!this.form) return;
    const issues = { ...this.form.issues };
    delete issues[key];
    this.form = { ...this.form, values: { ...this.form.values, [key]: value }, issues, failure: null };
    this.#queueSearch('form', key);
  }

  async #save(e: Event): Promise<void> {
    e.preventDefault();
    const { client, form } = this;
    const conversationId = this.conversationId;
    const seq = this.#seq;
    if (!client || !form || form.saving) return;
    const v = form.values;
    if (v.firstName.trim() === '') {
      this.form = { ...form, issues: { ...form.issues, firstName: { kind: 'required' } } };
      this.#focus('#s-firstName');
      return;
    }
    this.form = { ...form, saving: true, failure: null };
    const phone = v.phone.trim();
    try {
      const { customer } = await client.call('crm.saveCustomer', {
        conversationId,
        customer: {
          firstName: v.firstName.trim(),
          lastName: v.lastName.trim(),
          phones: phone ? [phone] : [],
          email: v.email.trim(),
          address: v.address.trim(),
        },
      });
      if (!this.#accept(customer, conversationId, seq)) return;
      this.#reset();
      this.announcement = { kind: 'saved' };
      this.#focus('[part~="edit-button"]');
    } catch (err) {
      if (seq !== this.#seq || !this.form) return;
      const refusal = refusalOf(err);
      const existing = (err as { details?: { customer?: unknown } | null }).details?.customer;
      if (refusal.code === 'CONFLICT' && existing && typeof existing === 'object' && this.view) {
        // Someone saved them meanwhile: their card, as the CRM has it.
        this.#reset();
        this.view = { ...this.view, customer: existing as CrmCustomer };
        this.announcement = { kind: 'alreadySaved' };
        this.#focus('[part~="edit-button"]');
        return;
      }
      if (refusal.code === 'INVALID_PARAMS') {
        const issues = issuesOf(err, 'firstName');
        this.form = { ...this.form, saving: false, issues };
        const first = FORM_INPUTS.find((k) => issues[k]);
        if (first) this.#focus(`#s-${first}`);
        return;
      }
      this.form = { ...this.form, saving: false, failure: refusal };
    }
  }

  // ---- inline editing ------------------------------------------------------------------------

  /** Opens a field's editor with the customer's values (and `given` over them). */
  #openEditor(field: CustomerField, given: Partial<Values> = {}, focus = true): void {
    const c = this.customer;
    if (!c) return;
    clearTimeout(this.#hintTimer);
    this.#hintSeq++;
    this.hint = null;
    this.hintFailure = null;
    this.announcement = null;
    const values: Values = {
      firstName: c.firstName,
      lastName: c.lastName,
      patronymic: c.patronymic,
      phone: c.phones[0] ?? '',
      email: c.email,
      address: c.address,
      ...given,
    };
    this.editing = { field, values, issues: {}, saving: false };
    if (focus) void this.updateComplete.then(() => this.#focusInput('e', INPUTS[field][0]!));
  }

  /** Leaves the editor without saving; focus back on the field's pencil. */
  #cancelEdit(): void {
    const field = this.editing?.field;
    clearTimeout(this.#hintTimer);
    this.#hintSeq++;
    this.editing = null;
    this.hint = null;
    this.hintFailure = null;
    if (field) this.#focus(`#edit-${field}`);
  }

  #onEditInput(key: InputKey, value: string): void {
    const ed = this.editing;
    if (!ed) return;
    const issues = { ...ed.issues };
    delete issues[key];
    this.editing = { ...ed, values: { ...ed.values, [key]: value }, issues };
    this.#queueSearch('editor', key);
  }

  /** Only the edited field, as the CRM keeps it; null when nothing changed. */
  #patchOf(ed: Editor, c: CrmCustomer): CustomerPatch | null {
    const v = ed.values;
    switch (ed.field) {
      case 'name': {
        const name = { firstName: v.firstName.trim(), lastName: v.lastName.trim(), patronymic: v.patronymic.trim() };
        return name.firstName === c.firstName && name.lastName === c.lastName && name.patronymic === c.patronymic ? null : name;
      }
      case 'phone': {
        // The editor changes the main phone; the others the CRM keeps stay as they are.
        const phone = v.phone.trim();
        const phones = phone ? [phone, ...c.phones.slice(1)] : c.phones.slice(1);
        return phones.length === c.phones.length && phones.every((p, i) => p === c.phones[i]) ? null : { phones };
      }
      case 'email':
        return v.email.trim() === c.email ? null : { email: v.email.trim() };
      case 'address':
        return v.address.trim() === c.address ? null : { address: v.address.trim() };
    }
  }

  async #saveEdit(): Promise<void> {
    const { client, editing: ed, customer: c } = this;
    const conversationId = this.conversationId;
    const seq = this.#seq;
    if (!client || !ed || !c || ed.saving) return;
    if (ed.field === 'name' && ed.values.firstName.trim() === '') {
      this.editing = { ...ed, issues: { ...ed.issues, firstName: { kind: 'required' } } };
      this.#focusInput('e', 'firstName');
      return;
    }
    const patch = this.#patchOf(ed, c);
    if (!patch) return this.#cancelEdit();
    this.editing = { ...ed, saving: true, issues: {} };
    try {
      const { customer } = await client.call('crm.updateCustomer', { conversationId, patch });
      if (!this.#accept(customer, conversationId, seq)) return;
      clearTimeout(this.#hintTimer);
      this.#hintSeq++;
      this.editing = null;
      this.hint = null;
      this.announcement = { kind: 'saved' };
      this.#focus(`#edit-${ed.field}`);
    } catch (err) {
      const now = this.editing;
      if (seq !== this.#seq || !now || now.field !== ed.field) return;
      const issues = issuesOf(err, INPUTS[ed.field][0]!);
      this.editing = { ...now, saving: false, issues };
      const first = INPUTS[ed.field].find((k) => issues[k]);
      if (first) void this.updateComplete.then(() => this.#focusInput('e', first));
    }
  }

  #onEditKeydown(e: KeyboardEvent, key: InputKey): void {
    if (e.key === 'Enter' && !e.isComposing) {
      e.preventDefault();
      void this.#saveEdit();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation(); // the popup panel closes on Escape too: one key, one thing
      this.#cancelEdit();
    } else if (e.key === 'ArrowDown') {
      this.#enterHint(e, key);
    }
  }

  #onFormKeydown(e: KeyboardEvent, key: InputKey): void {
    if (e.key === 'ArrowDown') this.#enterHint(e, key);
    else if (e.key === 'Escape' && this.hint) {
      e.preventDefault();
      e.stopPropagation();
      this.#closeHint();
    }
  }

  // ---- tags ----------------------------------------------------------------------------------

  async #toggleTag(tag: CustomerTag): Promise<void> {
    const { client, customer: c } = this;
    const conversationId = this.conversationId;
    const seq = this.#seq;
    if (!client || !c || this.tagsBusy) return;
    const tags = c.tags.includes(tag) ? c.tags.filter((t) => t !== tag) : [...c.tags, tag];
    this.tagsBusy = true;
    this.tagFailure = null;
    try {
      const { customer } = await client.call('crm.updateCustomer', { conversationId, patch: { tags } });
      this.#accept(customer, conversationId, seq);
    } catch (err) {
      if (seq === this.#seq) this.tagFailure = refusalOf(err);
    } finally {
      if (seq === this.#seq) this.tagsBusy = false;
    }
  }

  // ---- matching customers --------------------------------------------------------------------

  #queueSearch(where: 'form' | 'editor', key: InputKey): void {
    clearTimeout(this.#hintTimer);
    const seq = ++this.#hintSeq;
    if (!HINT_INPUTS.has(key)) return;
    const values = where === 'form' ? this.form?.values : this.editing?.values;
    // What that input holds alone: the Save form's first name is often the chat's «Посетитель 12»,
    // which would keep a last name typed next to it from finding anyone.
    const query = values ? values[key].trim() : '';
    if (query.length < HINT_MIN_CHARS) {
      this.hint = null;
      return;
    }
    this.#hintTimer = setTimeout(() => void this.#search(seq, where, key, query), HINT_DELAY_MS);
  }

  async #search(seq: number, where: 'form' | 'editor', key: InputKey, query: string): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const { customers } = await client.call('crm.findCustomers', { conversationId: this.conversationId, query });
      if (seq !== this.#hintSeq) return;
      this.hintFailure = null;
      this.hint = customers.length > 0 ? { at: key, in: where, matches: customers } : null;
    } catch {
      // The hint is an aid: a search that failed shows no matches, and typing goes on.
      if (seq === this.#hintSeq) this.hint = null;
    }
  }

  #closeHint(): void {
    const hint = this.hint;
    clearTimeout(this.#hintTimer);
    this.#hintSeq++;
    this.hint = null;
    this.hintFailure = null;
    if (hint) this.#focusInput(hint.in === 'form' ? 's' : 'e', hint.at);
  }

  /** ↓ in an input with matches under it: on to the first match's first button. */
  #enterHint(e: KeyboardEvent, key: InputKey): void {
    if (this.hint?.at !== key) return;
    const first = this.renderRoot.querySelector<HTMLElement>('[part~="matches"] button');
    if (!first) return;
    e.preventDefault();
    first.focus();
  }

  /** ↑/↓, Home/End between the matches (keeping to Link or Merge); Escape back to the input. */
  #onHintKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.#closeHint();
      return;
    }
    const rows = [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="match"]')].map((li) => [...li.querySelectorAll<HTMLElement>('button')]);
    const active = (this.renderRoot as ShadowRoot).activeElement as HTMLElement | null;
    const row = rows.findIndex((buttons) => buttons.includes(active!));
    if (row < 0) return;
    const col = rows[row]!.indexOf(active!);
    const to =
      e.key === 'ArrowDown' ? (row + 1) % rows.length
      : e.key === 'ArrowUp' ? (row - 1 + rows.length) % rows.length
      : e.key === 'Home' ? 0
      : e.key === 'End' ? rows.length - 1
      : -1;
    if (to < 0) return;
    e.preventDefault();
    const buttons = rows[to]!;
    buttons[Math.min(col, buttons.length - 1)]?.focus();
  }

  async #link(match: CrmCustomer): Promise<void> {
    const client = this.client;
    const conversationId = this.conversationId;
    const seq = this.#seq;
    if (!client || this.acting) return;
    this.acting = true;
    this.hintFailure = null;
    try {
      const { customer } = await client.call('crm.linkCustomer', { conversationId, crmCustomerId: match.id });
      if (!this.#accept(customer, conversationId, seq)) return;
      this.#reset();
      this.announcement = { kind: 'linked', name: fullName(customer) };
      this.#focus('[part~="edit-button"]');
    } catch (err) {
      if (seq === this.#seq) this.hintFailure = { kind: 'link', refusal: refusalOf(err) };
    } finally {
      if (seq === this.#seq) this.acting = false;
    }
  }

  async #askMerge(match: CrmCustomer, opener: HTMLElement): Promise<void> {
    if (this.acting) return;
    this.#mergeOpener = opener;
    this.merging = match;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.showModal();
  }

  #onDialogClose(): void {
    // The close event is queued: a confirmation opened again since then stays.
    if (this.renderRoot.querySelector('dialog')?.open) return;
    const cancelled = this.merging !== null;
    this.merging = null;
    if (cancelled && this.#mergeOpener?.isConnected) this.#mergeOpener.focus();
    this.#mergeOpener = null;
  }

  async #merge(): Promise<void> {
    const { client, merging: into } = this;
    const conversationId = this.conversationId;
    const seq = this.#seq;
    this.merging = null;
    this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.close();
    if (!client || !into || this.acting) return;
    this.acting = true;
    this.hintFailure = null;
    try {
      const { customer } = await client.call('crm.mergeCustomers', { conversationId, intoCrmCustomerId: into.id });
      if (!this.#accept(customer, conversationId, seq)) return;
      this.#reset();
      this.announcement = { kind: 'merged', name: fullName(customer) };
      this.#focus('[part~="edit-button"]');
    } catch (err) {
      if (seq !== this.#seq) return;
      this.hintFailure = { kind: 'merge', refusal: refusalOf(err) };
      if (this.#mergeOpener?.isConnected) this.#mergeOpener.focus();
    } finally {
      if (seq === this.#seq) this.acting = false;
    }
  }

  // ---- rendering -----------------------------------------------------------------------------

  #say(issue: Issue): string {
    const t = this.#l10n;
    switch (issue.kind) {
      case 'tooLong':
        return t.term('tooLong', issue.n);
      case 'failed':
        return t.term('saveFailed', issue.refusal.code);
      default:
        return t.term(issue.kind);
    }
  }

  #renderError(id: string, issue: Issue | undefined) {
    return issue
      ? html`<p part="error" id=${id} title=${issue.kind === 'failed' && issue.refusal.detail ? issue.refusal.detail : nothing}>${this.#say(issue)}</p>`
      : nothing;
  }

  #renderHint(where: 'form' | 'editor', key: InputKey) {
    const hint = this.hint;
    if (!hint || hint.in !== where || hint.at !== key) return nothing;
    const t = this.#l10n;
    const saved = this.customer !== null;
    const failure = this.hintFailure;
    return html`<div part="hint">
      <p part="hint-title" id="hint-title">${t.term('matches')}</p>
      <ul part="matches" aria-labelledby="hint-title" @keydown=${this.#onHintKeydown}>
        ${hint.matches.map((m) => {
          const name = fullName(m) || t.term('unnamed');
          return html`<li part="match">
            <span part="match-name"><bdi>${name}</bdi></span>
            ${m.phones.length > 0 ? html`<span part="match-phone">${m.phones.join(', ')}</span>` : nothing}
            ${m.email ? html`<span part="match-email">${m.email}</span>` : nothing}
            <span class="match-actions">
              <button part="link-button" type="button" aria-label=${t.term('linkLabel', isolate(name))} aria-disabled=${this.acting ? 'true' : 'false'} @click=${() => void this.#link(m)}>
                ${t.term('link')}
              </button>
              ${saved
                ? html`<button
                    part="merge-button"
                    type="button"
                    aria-label=${t.term('mergeLabel', isolate(name))}
                    aria-disabled=${this.acting ? 'true' : 'false'}
                    @click=${(e: Event) => void this.#askMerge(m, e.currentTarget as HTMLElement)}
                  >
                    ${t.term('merge')}
                  </button>`
                : nothing}
            </span>
          </li>`;
        })}
      </ul>
      ${failure
        ? html`<p part="hint-error" role="alert" title=${failure.refusal.detail || nothing}>
            ${t.term(failure.kind === 'link' ? 'linkFailed' : 'mergeFailed', failure.refusal.code)}
          </p>`
        : nothing}
    </div>`;
  }

  #renderChat(view: CustomerView) {
    const t = this.#l10n;
    const { chat } = view;
    return html`<section part="chat" aria-labelledby="chat-title">
      <h3 part="subtitle" id="chat-title">${t.term('inChat')}</h3>
      <dl>
        <div><dt part="label">${t.term('chatName')}</dt><dd part="chat-name"><bdi>${chat.name}</bdi></dd></div>
        <div>
          <dt part="label">${t.term('channel')}</dt>
          <dd part="chat-channel" data-kind=${chat.channel.kind}>${channelIcon(chat.channel.kind)}<bdi>${chat.channel.name}</bdi></dd>
        </div>
        ${chat.phone ? html`<div><dt part="label">${t.term('phone')}</dt><dd part="chat-phone">${chat.phone}</dd></div>` : nothing}
        ${chat.email ? html`<div><dt part="label">${t.term('email')}</dt><dd part="chat-email">${chat.email}</dd></div>` : nothing}
      </dl>
    </section>`;
  }

  #renderFormInput(key: InputKey, form: SaveForm) {
    const t = this.#l10n;
    const issue = form.issues[key];
    return html`<div part="field" data-field=${key}>
      <label part="label" for="s-${key}">${t.term(key)}</label>
      <input
        part="input"
        id="s-${key}"
        type=${key === 'phone' ? 'tel' : 'text'}
        inputmode=${key === 'email' ? 'email' : nothing}
        spellcheck=${key === 'email' || key === 'phone' ? 'false' : nothing}
        autocomplete="off"
        ?required=${key === 'firstName'}
        aria-invalid=${issue ? 'true' : 'false'}
        aria-describedby=${issue ? `s-${key}-error` : nothing}
        .value=${live(form.values[key])}
        @input=${(e: Event) => this.#onFormInput(key, (e.target as HTMLInputElement).value)}
        @keydown=${(e: KeyboardEvent) => this.#onFormKeydown(e, key)}
      />
      ${this.#renderError(`s-${key}-error`, issue)} ${this.#renderHint('form', key)}
    </div>`;
  }

  #renderForm(view: CustomerView, form: SaveForm) {
    const t = this.#l10n;
    return html`<form part="save-form" aria-labelledby="save-title" novalidate @submit=${(e: Event) => void this.#save(e)}>
      <h3 part="subtitle" id="save-title">${t.term('saveTitle')}</h3>
      <p part="note">${t.term('notSaved')}</p>
      <p part="store">
        ${view.store ? html`${t.term('store')}: <bdi>${view.store.name}</bdi>` : t.term('noStore')}
      </p>
      ${FORM_INPUTS.map((key) => this.#renderFormInput(key, form))}
      ${form.failure
        ? html`<p part="save-error" role="alert" title=${form.failure.detail || nothing}>${t.term('saveFailed', form.failure.code)}</p>`
        : nothing}
      <div class="actions">
        <button part="save-button" type="submit" aria-disabled=${form.saving ? 'true' : 'false'}>${t.term(form.saving ? 'saving' : 'save')}</button>
      </div>
    </form>`;
  }

  #renderEditor(ed: Editor) {
    const t = this.#l10n;
    const keys = INPUTS[ed.field];
    const one = keys.length === 1;
    const input = (key: InputKey) => {
      const issue = ed.issues[key];
      const described = [issue ? `e-${key}-error` : '', key === 'phone' && (this.customer?.phones.length ?? 0) > 1 ? 'phone-note' : ''].filter(Boolean).join(' ');
      return html`<input
          part="input"
          id="e-${key}"
          type=${key === 'phone' ? 'tel' : 'text'}
          inputmode=${key === 'email' ? 'email' : nothing}
          spellcheck=${key === 'email' || key === 'phone' ? 'false' : nothing}
          autocomplete="off"
          aria-labelledby=${one ? `l-${ed.field}` : nothing}
          aria-invalid=${issue ? 'true' : 'false'}
          aria-describedby=${described || nothing}
          .value=${live(ed.values[key])}
          @input=${(e: Event) => this.#onEditInput(key, (e.target as HTMLInputElement).value)}
          @keydown=${(e: KeyboardEvent) => this.#onEditKeydown(e, key)}
        />
        ${this.#renderError(`e-${key}-error`, issue)} ${this.#renderHint('editor', key)}`;
    };
    return html`<div part="editor" role="group" aria-labelledby="l-${ed.field}">
      ${one
        ? input(keys[0]!)
        : keys.map((key) => html`<div class="sub"><label part="label" for="e-${key}">${t.term(key)}</label>${input(key)}</div>`)}
      ${ed.field === 'phone' && (this.customer?.phones.length ?? 0) > 1 ? html`<p part="note" id="phone-note">${t.term('phoneNote')}</p>` : nothing}
      <div class="actions">
        <button part="save-button" type="button" aria-disabled=${ed.saving ? 'true' : 'false'} @click=${() => void this.#saveEdit()}>
          ${t.term(ed.saving ? 'saving' : 'save')}
        </button>
        <button part="cancel-button" type="button" @click=${() => this.#cancelEdit()}>${t.term('cancel')}</button>
      </div>
    </div>`;
  }

  #renderField(field: CustomerField, value: string) {
    const t = this.#l10n;
    const ed = this.editing;
    const label = t.term(field === 'name' ? 'fullName' : field);
    const edit = t.term(field === 'name' ? 'editName' : field === 'phone' ? 'editPhone' : field === 'email' ? 'editEmail' : 'editAddress');
    return html`<div part="field" data-field=${field} class=${ed?.field === field ? 'editing' : ''}>
      <dt part="label" id="l-${field}">${label}</dt>
      <dd>
        ${ed?.field === field
          ? this.#renderEditor(ed)
          : html`<span part=${value ? 'value' : 'value value-empty'} @dblclick=${() => this.#openEditor(field)}><bdi>${value || t.term('notSet')}</bdi></span>
              <button part="edit-button" id="edit-${field}" type="button" aria-label=${edit} title=${edit} @click=${() => this.#openEditor(field)}>
                ${icon(pencilPath)}
              </button>`}
      </dd>
    </div>`;
  }

  #renderCustomer(view: CustomerView, c: CrmCustomer) {
    const t = this.#l10n;
    const store = c.storeCode === null ? t.term('noStoreSaved') : view.store?.code === c.storeCode ? view.store.name : c.storeCode;
    const tag = (name: CustomerTag) => {
      const on = c.tags.includes(name);
      return html`<button
        part=${on ? 'tag tag-on' : 'tag'}
        data-tag=${name}
        type="button"
        aria-pressed=${on ? 'true' : 'false'}
        aria-disabled=${this.tagsBusy ? 'true' : 'false'}
        @click=${() => void this.#toggleTag(name)}
      >
        ${t.term(name)}
      </button>`;
    };
    return html`<div part="tags" role="group" aria-labelledby="tags-label">
        <span part="label" id="tags-label">${t.term('tags')}</span>
        ${tag('vip')} ${tag('bad')}
      </div>
      ${this.tagFailure
        ? html`<p part="tag-error" role="alert" title=${this.tagFailure.detail || nothing}>${t.term('tagFailed', this.tagFailure.code)}</p>`
        : nothing}
      <dl part="fields">
        ${this.#renderField('name', fullName(c))} ${this.#renderField('phone', c.phones.join(', '))} ${this.#renderField('email', c.email)}
        ${this.#renderField('address', c.address)}
        ${c.contacts.length > 0
          ? html`<div part="field" data-field="contacts">
              <dt part="label">${t.term('contacts')}</dt>
              <dd>
                <ul part="contacts">
                  ${c.contacts.map(
                    (x) => html`<li part="contact">${channelIcon(x.channel)}<span part="contact-channel">${x.channel}</span>: <bdi part="contact-login">${x.login}</bdi></li>`,
                  )}
                </ul>
              </dd>
            </div>`
          : nothing}
        <div part="field" data-field="store">
          <dt part="label">${t.term('store')}</dt>
          <dd><span part="value"><bdi>${store}</bdi></span></dd>
        </div>
      </dl>`;
  }

  #renderAnnouncement(): string | (string | TemplateResult)[] {
    const t = this.#l10n;
    if (this.phase === 'loading') return t.term('loading');
    const a = this.announcement;
    if (!a) return '';
    switch (a.kind) {
      case 'saved':
      case 'alreadySaved':
        return t.term(a.kind);
      case 'linked':
      case 'merged':
        return bidiText(t.term(a.kind, isolate(a.name || t.term('unnamed'))));
    }
  }

  #renderDialog() {
    const t = this.#l10n;
    const into = this.merging;
    const from = this.customer;
    if (!into || !from) return nothing;
    const fromName = isolate(fullName(from) || t.term('unnamed'));
    const intoName = isolate(fullName(into) || t.term('unnamed'));
    return html`<h2 part="dialog-title" id="dialog-title">${t.term('mergeTitle')}</h2>
      <p part="dialog-text" id="dialog-text">${bidiText(t.term('mergeText', fromName, intoName))}</p>
      <div class="actions">
        <button part="dialog-cancel-button" type="button" autofocus @click=${() => this.renderRoot.querySelector('dialog')?.close()}>${t.term('cancel')}</button>
        <button part="confirm-button" type="button" @click=${() => void this.#merge()}>${t.term('mergeConfirm')}</button>
      </div>`;
  }

  #renderBody() {
    const t = this.#l10n;
    switch (this.phase) {
      case 'idle':
        return this.client ? nothing : html`<p part="note">${t.term('noClient')}</p>`;
      case 'loading':
        return nothing;
      case 'failed': {
        const f = this.loadFailure;
        const off = f?.code === 'FORBIDDEN' && f.reason === 'widget-off';
        return html`<p part="load-error" role="alert" title=${f?.detail || nothing}>${off ? t.term('widgetOff') : t.term('loadFailed', f?.code ?? '')}</p>
          <button part="retry-button" type="button" @click=${() => void this.reload()}>${t.term('retry')}</button>`;
      }
      case 'ready': {
        const view = this.view!;
        const c = view.customer;
        return html`${this.#renderChat(view)} ${c ? this.#renderCustomer(view, c) : this.form ? this.#renderForm(view, this.form) : nothing}`;
      }
    }
  }

  override render() {
    const t = this.#l10n;
    const count = this.hint?.matches.length ?? 0;
    // A named group, not a region landmark: it sits in the CRM side's own landmark, and a landmark
    // named «Клиент» would collide with the host CRM's customer card (axe landmark-unique).
    return html`<section part="base" role="group" aria-labelledby="title" aria-busy=${this.phase === 'loading' ? 'true' : 'false'}>
      <h2 part="title" id="title">${t.term('title')}</h2>
      ${this.#renderBody()}
      <p part="status" role="status">${this.#renderAnnouncement()}</p>
      <p part="hint-status" class="visually-hidden" role="status">${count > 0 ? t.term('matchCount', count) : ''}</p>
      <dialog
        part="dialog"
        aria-labelledby=${this.merging ? 'dialog-title' : nothing}
        aria-describedby=${this.merging ? 'dialog-text' : nothing}
        @close=${this.#onDialogClose}
        @keydown=${(e: KeyboardEvent) => {
          // The dialog's own Escape (its default action) closes it; nothing around it hears the key.
          if (e.key === 'Escape') e.stopPropagation();
        }}
      >
        ${this.#renderDialog()}
      </dialog>
    </section>`;
  }
}
