import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { consume } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';
import type { CrmOrder, CrmTask, CrmUser } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import { bidiText, isolate } from '../lib/bidi.js';
import { ChatElement } from '../lib/chat-element.js';
import { clientContext } from '../lib/context.js';
import { plusPath } from '../lib/crm-icons.js';
import { refusalOf, type Refusal } from '../lib/errors.js';
import { emit } from '../lib/events.js';
import { icon } from '../lib/icons.js';
import { LocalizeController, type Lang } from '../lib/localize.js';
import { PageClientLink } from '../lib/shared-client.js';
import { tokens, type Theme } from '../lib/theme.js';
import { defineParts } from '../lib/parts.js';
import type { TasksTerms } from './tasks-widget.en.js';
import styles from './tasks-widget.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts(
  'chat-tasks-widget',
  'base header tabs tab tab-selected add-button panel list task task-completed task-overdue checkbox task-text task-meta deadline overdue completed performer order task-error empty form form-title field label input select quick-choices quick-button hint error order-checkbox form-error form-actions create-button cancel-button status notice load-error retry-button',
);

/** Each language's terms, a chunk of their own (lib/localize.ts). */
const terms = {
  en: (): Promise<TermsOf<TasksTerms>> => import('./tasks-widget.en.js').then((m) => m.en),
  ru: (): Promise<TermsOf<TasksTerms>> => import('./tasks-widget.ru.js').then((m) => m.ru),
};

export const tasksTabs = ['all', 'mine'] as const;
export type TasksTab = (typeof tasksTabs)[number];

export interface ChatTaskChangeDetail {
  /** The task as the CRM answered it: just created, or just completed (`completedAt` set). */
  task: CrmTask;
}

/**
 * `idle`: no client or conversation; `unsaved`: the conversation's customer is not in the CRM
 * (tasks hang on a CRM customer, so there is nothing to list or create); `off`: the widget is
 * switched off in the settings (S-SET-7).
 */
type Phase = 'idle' | 'loading' | 'ready' | 'unsaved' | 'off' | 'failed';

const two = (n: number): string => String(n).padStart(2, '0');

/** A time as a `datetime-local` input's value (local time, minutes). */
export function toLocalInput(ts: number): string {
  const d = new Date(ts);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** A `datetime-local` value as a time; null for an empty (or unreadable) one. */
export function fromLocalInput(value: string): number | null {
  if (!value) return null;
  // A date-time without an offset is local time (ECMAScript's Date Time String Format).
  const ts = new Date(value).getTime();
  return Number.isNaN(ts) ? null : ts;
}

/** The end of the day (23:59, local time) `days` days from `now`'s. */
export function endOfDay(days: number, now: number = Date.now()): number {
  const d = new Date(now);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days, 23, 59).getTime();
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A deadline in the element's language: `Nov 26, 11:59 PM` / `26 нояб., 23:59`, with the year when it is not this year's. */
export function formatDeadline(ts: number, lang: Lang, now: number = Date.now()): string {
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear();
  const key = `${lang}${sameYear ? '' : 'y'}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }), hour: '2-digit', minute: '2-digit' });
    formats.set(key, f);
  }
  return f.format(ts);
}

/** The CRM's own order: by deadline (none last), then by creation. */
function byDeadline(a: CrmTask, b: CrmTask): number {
  if (a.deadline !== b.deadline) {
    if (a.deadline === null) return 1;
    if (b.deadline === null) return -1;
    return a.deadline - b.deadline;
  }
  return a.createdAt - b.createdAt;
}

/** setTimeout's longest delay; a deadline further away is looked at again then. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * @summary The CRM tasks of a conversation's customer (S-W-TASK): open ones and those completed
 * within a day, on two tabs, **All** and **Mine**; a checkbox completes one, and **+** opens a
 * form for a new one (text, deadline, performer, and the customer's current order).
 *
 * Loads with `crm.tasks` (`mine` on the Mine tab) and `crm.customer` (to tell a customer not saved
 * in the CRM yet, who can have no tasks, from one without open tasks); performers' names come from
 * `crm.users`, loaded once per client. Each task shows its text, its deadline in the element's
 * language (`Intl.DateTimeFormat`; an open task past it is marked «Просрочена» / "Overdue" in
 * words, not only in colour), and its performer. Completing calls `crm.completeTask`; the task
 * stays in the list struck through and marked «Выполнена» / "Completed", and its checkbox stays
 * checked and disabled (completing cannot be undone). The form creates with `crm.createTask` and
 * shows a refusal in the user's language; a customer not saved in the CRM (`CONFLICT`) turns the
 * widget into a note that tasks need a saved customer, with nothing to create. A widget switched
 * off in the settings (`FORBIDDEN`, `details.reason: 'widget-off'`) says so; a CRM that does not
 * answer (`UNAVAILABLE`) shows a message and Retry. Everything the CRM returned or the user typed
 * is rendered as text.
 *
 * The client comes from the `client` property, a surrounding `<chat-panel>` (context), or the
 * panel elsewhere on the page (`ChatPanel.clientFor(document)`).
 *
 * Keyboard: the tabs are one tab stop (← → Home End move between them and show their list); the
 * checkboxes are native (Space completes). In the form, Enter creates from any field (Shift+Enter
 * is a new line in the text), Escape cancels, and focus returns to **+** either way. Checkboxes
 * of completed tasks and of ones being completed are `aria-disabled` rather than `disabled`, so
 * the focus that just completed one stays on it.
 *
 * @csspart base - The whole widget once it has loaded.
 * @csspart header - The tabs and the + button.
 * @csspart tabs - The `tablist`.
 * @csspart tab - Each tab.
 * @csspart tab-selected - Added to the `tab` shown.
 * @csspart add-button - «Новая задача» / "New task" (+): opens the form.
 * @csspart panel - The `tabpanel` with the list.
 * @csspart list - The list of tasks.
 * @csspart task - One task.
 * @csspart task-completed - Added to a completed `task`.
 * @csspart task-overdue - Added to an overdue `task`.
 * @csspart checkbox - A task's checkbox (completes it).
 * @csspart task-text - A task's text (the checkbox's label).
 * @csspart task-meta - The deadline, the overdue and completed marks, the performer, the order.
 * @csspart deadline - The deadline («Срок: 26 нояб., 23:59» or «Без срока»).
 * @csspart overdue - «Просрочена» / "Overdue".
 * @csspart completed - «Выполнена» / "Completed".
 * @csspart performer - The performer's name.
 * @csspart order - The order the task is linked to.
 * @csspart task-error - Why completing a task failed (`role=alert`).
 * @csspart empty - «Открытых задач нет» / "No open tasks".
 * @csspart form - The new task's form.
 * @csspart form-title - The form's title.
 * @csspart field - One field of the form: its label, control, hint and message.
 * @csspart label - A field's label.
 * @csspart input - The text area and the deadline input.
 * @csspart select - The performer's `<select>`.
 * @csspart quick-choices - The quick deadline choices.
 * @csspart quick-button - «Сегодня до конца дня», «Завтра».
 * @csspart hint - A field's hint (the deadline chosen).
 * @csspart error - A field's message (`id` named by the control's `aria-describedby`).
 * @csspart order-checkbox - The label with the "link to the current order" checkbox.
 * @csspart form-error - Why creating failed (`role=alert`).
 * @csspart form-actions - Create and Cancel.
 * @csspart create-button - Creates the task.
 * @csspart cancel-button - Closes the form.
 * @csspart status - "Loading…", and what was just done, for screen readers (polite).
 * @csspart notice - The widget is switched off, or the customer is not saved in the CRM.
 * @csspart load-error - The tasks could not be loaded (`role=alert`).
 * @csspart retry-button - Loads again.
 *
 * @cssproperty --chat-tasks-bg - Background of the widget.
 * @cssproperty --chat-tasks-gap - Space between tasks and between the form's fields.
 * @cssproperty --chat-tasks-overdue-color - Colour of the overdue mark and of the form's messages.
 * @cssproperty --chat-tasks-done-color - Colour of completed tasks.
 *
 * @event {{ task: CrmTask }} chat-task-change - A task was created or completed here.
 */
export class ChatTasksWidget extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, terms);

  /** The client to use; set by context, by the page's shared client, or by hand. */
  @consume({ context: clientContext, subscribe: true })
  @property({ attribute: false })
  accessor client: ChatClient | undefined;

  /** The conversation whose customer's tasks are shown. */
  @property({ attribute: 'conversation-id', type: Number, reflect: true }) accessor conversationId = 0;

  /** `light`, `dark` or `auto` (the system's); not set: the page's `color-scheme`. */
  @property({ reflect: true }) accessor theme: Theme | undefined;

  /** The tab shown: every task of the customer, or those where the user is the performer. */
  @property({ reflect: true }) accessor tab: TasksTab = 'all';

  @state() private accessor phase: Phase = 'idle';
  @state() private accessor tasks: readonly CrmTask[] = [];
  /** A list is on its way (a tab switch, a reload). */
  @state() private accessor busy = false;
  @state() private accessor failure: Refusal | null = null;
  /** A list that failed while the widget was showing (a tab switch): shown in the panel. */
  @state() private accessor listFailure: Refusal | null = null;
  @state() private accessor users: readonly CrmUser[] | null = null;
  /** Tasks being completed, and why completing one failed. */
  @state() private accessor completing: ReadonlySet<string> = new Set();
  @state() private accessor taskErrors: ReadonlyMap<string, Refusal> = new Map();
  /** What was just done, for the polite status. */
  @state() private accessor announcement = '';

  @state() private accessor formOpen = false;
  @state() private accessor draftText = '';
  @state() private accessor draftDeadline = '';
  @state() private accessor draftPerformer = '';
  @state() private accessor draftLinkOrder = false;
  @state() private accessor deadlineBad = false;
  @state() private accessor textMissing = false;
  @state() private accessor creating = false;
  @state() private accessor createFailure: Refusal | null = null;
  /** The customer's current order (`crm.currentOrder`), fetched when the form opens. */
  @state() private accessor order: CrmOrder | null = null;

  #loadedWith: ChatClient | undefined;
  #loadedFor = 0;
  #loadedTab: TasksTab = 'all';
  #seq = 0;
  #formSeq = 0;
  #usersLoading: Promise<void> | undefined;
  /** Orders the widget learnt of (the current one), to name a task's order by its number. */
  readonly #orders = new Map<string, CrmOrder>();
  /** Ids for the shadow root, stable per task: a CRM's task ids may be any text. */
  readonly #domIds = new Map<string, string>();
  #overdueTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #page = new PageClientLink(this);

  override connectedCallback(): void {
    const before = this.client;
    // The context request is answered synchronously inside super.connectedCallback().
    super.connectedCallback();
    this.#page.connected(before);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#page.disconnected();
    clearTimeout(this.#overdueTimer);
  }

  /**
   * Loads the tasks again (and whether the customer is saved in the CRM: call it after saving
   * one). A widget that shows its list keeps it on screen until the new one is in.
   */
  reload(): Promise<void> {
    return this.#fetch(true);
  }

  protected override willUpdate(): void {
    // An attribute naming no tab would leave the tablist without a tab stop.
    if (!tasksTabs.includes(this.tab)) this.tab = 'all';
    if (this.client !== this.#loadedWith || this.conversationId !== this.#loadedFor) {
      if (this.client !== this.#loadedWith) {
        this.users = null;
        this.#usersLoading = undefined;
      }
      this.#loadedWith = this.client;
      this.#loadedFor = this.conversationId;
      this.#reset();
      void this.#fetch(true);
    } else if (this.tab !== this.#loadedTab && this.phase === 'ready') {
      // Another tab's list: the one shown is not this tab's, so it goes while the new one loads.
      this.tasks = [];
      void this.#fetch(false);
    }
  }

  protected override updated(): void {
    // An open task becomes overdue at its deadline: render again then, to mark it.
    clearTimeout(this.#overdueTimer);
    const now = Date.now();
    let next = Infinity;
    for (const t of this.tasks) if (t.completedAt === null && t.deadline !== null && t.deadline > now) next = Math.min(next, t.deadline);
    if (Number.isFinite(next)) this.#overdueTimer = setTimeout(() => this.requestUpdate(), Math.min(next - now + 50, MAX_DELAY));
  }

  /** Another conversation or client: nothing of the previous one stays. */
  #reset(): void {
    this.phase = 'idle';
    this.tasks = [];
    this.failure = null;
    this.listFailure = null;
    this.completing = new Set();
    this.taskErrors = new Map();
    this.announcement = '';
    this.formOpen = false;
    this.#orders.clear();
  }

  get #me() {
    return this.client?.state.me ?? null;
  }

  /** `full`: also asks whether the customer is saved (a reload); otherwise the tab's list only. */
  async #fetch(full: boolean): Promise<void> {
    const client = this.client;
    const conversationId = this.conversationId;
    const tab = this.tab;
    const seq = ++this.#seq;
    this.#loadedTab = tab;
    if (!client || !(conversationId > 0)) {
      this.phase = 'idle';
      return;
    }
    if (this.phase !== 'ready') this.phase = 'loading';
    this.busy = true;
    this.listFailure = null;
    void this.#loadUsers(client);
    const [tasks, customer] = await Promise.allSettled([
      client.call('crm.tasks', { conversationId, mine: tab === 'mine' }),
      full ? client.call('crm.customer', { conversationId }) : Promise.resolve(undefined),
    ]);
    if (seq !== this.#seq) return;
    this.busy = false;
    if (tasks.status === 'rejected') {
      const refusal = refusalOf(tasks.reason);
      if (refusal.code === 'FORBIDDEN' && refusal.reason === 'widget-off') this.phase = 'off';
      else if (this.phase === 'ready') this.listFailure = refusal;
      else {
        this.phase = 'failed';
        this.failure = refusal;
      }
      return;
    }
    if (customer.status === 'fulfilled' && customer.value) {
      if (!customer.value.widgets.tasks) {
        this.phase = 'off';
        return;
      }
      if (customer.value.customer === null) {
        this.tasks = [];
        this.formOpen = false;
        this.phase = 'unsaved';
        return;
      }
    } else if (customer.status === 'rejected' && tasks.value.tasks.length === 0) {
      // Only a saved customer has tasks; with none listed, the widget cannot tell which it is.
      this.phase = 'failed';
      this.failure = refusalOf(customer.reason);
      return;
    }
    this.tasks = tasks.value.tasks;
    this.failure = null;
    this.phase = 'ready';
  }

  /** The CRM's users, once per client; a failure leaves ids for names and is asked again at the next load. */
  #loadUsers(client: ChatClient): Promise<void> {
    this.#usersLoading ??= client.call('crm.users', {}).then(
      ({ users }) => {
        if (this.client === client) this.users = users;
      },
      () => {
        if (this.client === client) this.#usersLoading = undefined;
      },
    );
    return this.#usersLoading;
  }

  #nameOf(id: string): string {
    const user = this.users?.find((u) => u.id === id);
    if (user) return user.name;
    const me = this.#me;
    return me && me.id === id ? me.name : id;
  }

  #domId(taskId: string): string {
    let id = this.#domIds.get(taskId);
    if (!id) this.#domIds.set(taskId, (id = `task-${this.#domIds.size + 1}`));
    return id;
  }

  // ---- tabs ----------------------------------------------------------------------------------

  #selectTab(tab: TasksTab, focus: boolean): void {
    this.tab = tab;
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
  }

  #onTabKey(e: KeyboardEvent): void {
    const i = Math.max(0, tasksTabs.indexOf(this.tab));
    const n = tasksTabs.length;
    const next =
      e.key === 'ArrowRight' ? tasksTabs[(i + 1) % n]
      : e.key === 'ArrowLeft' ? tasksTabs[(i + n - 1) % n]
      : e.key === 'Home' ? tasksTabs[0]
      : e.key === 'End' ? tasksTabs[n - 1]
      : undefined;
    if (!next) return;
    e.preventDefault();
    this.#selectTab(next, true);
  }

  // ---- completing ----------------------------------------------------------------------------

  #onCheck(e: Event, task: CrmTask): void {
    // Completing cannot be undone, and one being completed is on its way.
    if (task.completedAt !== null || this.completing.has(task.id)) {
      e.preventDefault();
      return;
    }
    void this.#complete(task);
  }

  async #complete(task: CrmTask): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.completing = new Set([...this.completing, task.id]);
    const errors = new Map(this.taskErrors);
    errors.delete(task.id);
    this.taskErrors = errors;
    try {
      const { task: done } = await client.call('crm.completeTask', { conversationId: this.conversationId, taskId: task.id });
      if (client !== this.client) return;
      // A list loaded meanwhile may show it still open: the answer is newer.
      this.tasks = this.tasks.map((t) => (t.id === done.id ? done : t));
      this.announcement = this.#l10n.term('announceCompleted', isolate(done.text));
      emit<ChatTaskChangeDetail>(this, 'chat-task-change', { task: done });
    } catch (err) {
      if (client !== this.client) return;
      const refusal = refusalOf(err);
      if (refusal.code === 'FORBIDDEN' && refusal.reason === 'widget-off') {
        this.phase = 'off';
        return;
      }
      this.taskErrors = new Map([...this.taskErrors, [task.id, refusal]]);
    } finally {
      const rest = new Set(this.completing);
      rest.delete(task.id);
      this.completing = rest;
    }
  }

  // ---- the form ------------------------------------------------------------------------------

  #addButton(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('[part~="add-button"]');
  }

  /** Opens the form for a new task (focus in its text); when it is open already, focuses it. */
  async openForm(): Promise<void> {
    if (this.phase !== 'ready') return;
    if (!this.formOpen) {
      const seq = ++this.#formSeq;
      this.formOpen = true;
      this.draftText = '';
      this.draftDeadline = '';
      this.draftPerformer = this.#me?.id ?? '';
      this.draftLinkOrder = false;
      this.deadlineBad = false;
      this.textMissing = false;
      this.createFailure = null;
      this.order = null;
      const client = this.client;
      if (client) {
        void this.#loadUsers(client);
        client.call('crm.currentOrder', { conversationId: this.conversationId }).then(
          ({ order }) => {
            if (seq !== this.#formSeq) return;
            this.order = order;
            if (order) this.#orders.set(order.id, order);
          },
          // Without it the form simply offers no order to link.
          () => undefined,
        );
      }
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#task-text')?.focus();
  }

  #closeForm(): void {
    this.#formSeq++;
    this.formOpen = false;
    void this.updateComplete.then(() => this.#addButton()?.focus());
  }

  #toggleForm(): void {
    if (this.formOpen) this.#closeForm();
    else void this.openForm();
  }

  #onFormKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      // The form's own: a panel around the widget must not close on it too.
      e.preventDefault();
      e.stopPropagation();
      this.#closeForm();
      return;
    }
    if (e.key !== 'Enter' || e.isComposing || e.defaultPrevented) return;
    const target = e.composedPath()[0];
    // Buttons keep Enter for themselves (a quick choice, Cancel); Shift+Enter is a new line.
    const field = target instanceof HTMLTextAreaElement ? !e.shiftKey : target instanceof HTMLInputElement || target instanceof HTMLSelectElement;
    if (!field) return;
    e.preventDefault();
    (e.currentTarget as HTMLFormElement).requestSubmit();
  }

  #setDeadline(ts: number | null): void {
    this.draftDeadline = ts === null ? '' : toLocalInput(ts);
    this.deadlineBad = false;
  }

  async #submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const client = this.client;
    if (!client || this.creating) return;
    const input = this.renderRoot.querySelector<HTMLInputElement>('#task-deadline');
    // A half-typed date reads as '' with `badInput`: not the same as no deadline.
    this.deadlineBad = input?.validity.badInput ?? false;
    const text = this.draftText.trim();
    this.textMissing = text.length === 0;
    if (this.textMissing || this.deadlineBad) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(this.textMissing ? '#task-text' : '#task-deadline')?.focus();
      return;
    }
    const conversationId = this.conversationId;
    const seq = this.#formSeq;
    // What the select shows: the user's choice, or its first option when the user is not known yet.
    const performerId = this.renderRoot.querySelector<HTMLSelectElement>('#task-performer')?.value || this.draftPerformer;
    const orderId = this.draftLinkOrder && this.order ? this.order.id : null;
    this.creating = true;
    this.createFailure = null;
    try {
      const { task } = await client.call('crm.createTask', {
        conversationId,
        text,
        deadline: fromLocalInput(this.draftDeadline),
        ...(performerId ? { performerId } : {}),
        orderId,
      });
      if (client !== this.client || conversationId !== this.conversationId) return;
      if (this.tab === 'all' || task.performerId === this.#me?.id) this.tasks = [...this.tasks.filter((t) => t.id !== task.id), task].sort(byDeadline);
      this.announcement = this.#l10n.term('announceCreated');
      if (seq === this.#formSeq) this.#closeForm();
      emit<ChatTaskChangeDetail>(this, 'chat-task-change', { task });
    } catch (err) {
      if (client !== this.client || conversationId !== this.conversationId) return;
      const refusal = refusalOf(err);
      if (refusal.code === 'CONFLICT' || (refusal.code === 'FORBIDDEN' && refusal.reason === 'widget-off')) {
        // Nothing to create here any more: the widget says why, and that note takes the focus.
        this.formOpen = false;
        this.tasks = [];
        this.phase = refusal.code === 'CONFLICT' ? 'unsaved' : 'off';
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[part~="notice"]')?.focus();
        return;
      }
      this.createFailure = refusal;
    } finally {
      this.creating = false;
    }
  }

  #performers(): CrmUser[] {
    const users = [...(this.users ?? [])];
    const me = this.#me;
    if (me && !users.some((u) => u.id === me.id)) users.unshift({ id: me.id, name: me.name });
    if (this.draftPerformer && !users.some((u) => u.id === this.draftPerformer)) users.push({ id: this.draftPerformer, name: this.draftPerformer });
    return users;
  }

  #renderForm(): TemplateResult {
    const t = this.#l10n;
    const lang = t.lang();
    const me = this.#me;
    const deadline = fromLocalInput(this.draftDeadline);
    const order = this.order;
    return html`<form part="form" id="task-form" aria-labelledby="form-title" novalidate @submit=${this.#submit} @keydown=${this.#onFormKey}>
      <p part="form-title" id="form-title">${t.term('newTask')}</p>
      <div part="field">
        <label part="label" for="task-text">${t.term('text')}</label>
        <textarea
          part="input"
          id="task-text"
          rows="2"
          maxlength="1000"
          aria-required="true"
          aria-invalid=${this.textMissing ? 'true' : 'false'}
          aria-describedby=${this.textMissing ? 'task-text-error' : nothing}
          .value=${live(this.draftText)}
          @input=${(e: Event) => {
            this.draftText = (e.target as HTMLTextAreaElement).value;
            if (this.textMissing && this.draftText.trim()) this.textMissing = false;
          }}
        ></textarea>
        ${this.textMissing ? html`<p part="error" id="task-text-error">${t.term('textRequired')}</p>` : nothing}
      </div>
      <fieldset part="field">
        <legend part="label">${t.term('deadline')}</legend>
        <div part="quick-choices">
          <button part="quick-button" type="button" @click=${() => this.#setDeadline(endOfDay(0))}>${t.term('todayEnd')}</button>
          <button part="quick-button" type="button" @click=${() => this.#setDeadline(endOfDay(1))}>${t.term('tomorrow')}</button>
        </div>
        <label class="visually-hidden" for="task-deadline">${t.term('deadlineInput')}</label>
        <input
          part="input"
          id="task-deadline"
          type="datetime-local"
          .value=${live(this.draftDeadline)}
          aria-invalid=${this.deadlineBad ? 'true' : 'false'}
          aria-describedby=${this.deadlineBad ? 'task-deadline-error' : 'task-deadline-hint'}
          @input=${(e: Event) => {
            const input = e.target as HTMLInputElement;
            this.draftDeadline = input.value;
            this.deadlineBad = false;
          }}
        />
        ${this.deadlineBad
          ? html`<p part="error" id="task-deadline-error">${t.term('deadlineBad')}</p>`
          : html`<p part="hint" id="task-deadline-hint" aria-live="polite">
              ${deadline === null ? t.term('deadlineNone') : t.term('deadlineSet', formatDeadline(deadline, lang))}
            </p>`}
      </fieldset>
      <div part="field">
        <label part="label" for="task-performer">${t.term('performerLabel')}</label>
        <select
          part="select"
          id="task-performer"
          @change=${(e: Event) => (this.draftPerformer = (e.target as HTMLSelectElement).value)}
        >
          ${this.#performers().map(
            (u) => html`<option value=${u.id} .selected=${u.id === this.draftPerformer}>${me && u.id === me.id ? t.term('me', u.name) : u.name}</option>`,
          )}
        </select>
      </div>
      ${order
        ? html`<label part="order-checkbox"
            ><input
              id="task-order"
              type="checkbox"
              .checked=${live(this.draftLinkOrder)}
              @change=${(e: Event) => (this.draftLinkOrder = (e.target as HTMLInputElement).checked)}
            />
            ${bidiText(t.term('linkOrder', isolate(order.number)))}</label
          >`
        : nothing}
      ${this.createFailure
        ? html`<p part="form-error" role="alert" title=${this.createFailure.detail || nothing}>${t.term('createFailed', this.createFailure.code)}</p>`
        : nothing}
      <div part="form-actions">
        <button part="create-button" type="submit" aria-disabled=${this.creating ? 'true' : 'false'}>
          ${this.creating ? t.term('creating') : t.term('create')}
        </button>
        <button part="cancel-button" type="button" @click=${() => this.#closeForm()}>${t.term('cancel')}</button>
      </div>
    </form>`;
  }

  // ---- the list ------------------------------------------------------------------------------

  #renderTask(task: CrmTask, now: number): TemplateResult {
    const t = this.#l10n;
    const lang = t.lang();
    const id = this.#domId(task.id);
    const done = task.completedAt !== null;
    const pending = this.completing.has(task.id);
    const overdue = !done && task.deadline !== null && task.deadline < now;
    const error = this.taskErrors.get(task.id);
    const order = task.orderId === null ? undefined : this.#orders.get(task.orderId);
    const parts = ['task', done ? 'task-completed' : '', overdue ? 'task-overdue' : ''].filter(Boolean).join(' ');
    return html`<li part=${parts} data-task-id=${task.id}>
      <input
        part="checkbox"
        type="checkbox"
        id=${id}
        .checked=${live(done || pending)}
        aria-disabled=${done || pending ? 'true' : 'false'}
        aria-describedby="${id}-meta${error ? ` ${id}-error` : ''}"
        @click=${(e: Event) => this.#onCheck(e, task)}
      />
      <div class="body">
        <label part="task-text" for=${id}>${task.text}</label>
        <div part="task-meta" id="${id}-meta">
          ${task.deadline === null
            ? html`<span part="deadline">${t.term('noDeadline')}</span>`
            : html`<span part="deadline"
                >${t.term('due')}: <time datetime=${new Date(task.deadline).toISOString()}>${formatDeadline(task.deadline, lang, now)}</time></span
              >`}
          ${overdue ? html`<span part="overdue">${t.term('overdue')}</span>` : nothing}
          ${done ? html`<span part="completed">${t.term('completed')}</span>` : nothing}
          <span part="performer">${t.term('performer')}: <bdi>${this.#nameOf(task.performerId)}</bdi></span>
          ${task.orderId === null
            ? nothing
            : html`<span part="order">${order ? bidiText(t.term('order', isolate(order.number))) : t.term('orderLinked')}</span>`}
        </div>
        ${error
          ? html`<p part="task-error" id="${id}-error" role="alert" title=${error.detail || nothing}>${t.term('completeFailed', error.code)}</p>`
          : nothing}
      </div>
    </li>`;
  }

  #renderPanel(): TemplateResult {
    const t = this.#l10n;
    const now = Date.now();
    const failure = this.listFailure;
    let body: TemplateResult;
    if (failure) {
      body = html`<p part="load-error" role="alert" title=${failure.detail || nothing}>${t.term('loadFailed', failure.code)}</p>
        <button part="retry-button" type="button" @click=${() => void this.#retry()}>${t.term('retry')}</button>`;
    } else if (this.tasks.length === 0) {
      body = this.busy ? html`<p part="status">${t.term('loading')}</p>` : html`<p part="empty">${t.term('empty')}</p>`;
    } else {
      body = html`<ul part="list">
        ${repeat(
          this.tasks,
          (task) => task.id,
          (task) => this.#renderTask(task, now),
        )}
      </ul>`;
    }
    const focusable = this.tasks.length > 0 || !!failure;
    return html`<div
      part="panel"
      id="tasks-panel"
      role="tabpanel"
      aria-labelledby="tab-${this.tab}"
      aria-busy=${this.busy ? 'true' : 'false'}
      tabindex=${focusable ? nothing : '0'}
    >
      ${body}
    </div>`;
  }

  /** Retry: when the list comes, the focus that was on the button goes to the tab. */
  async #retry(): Promise<void> {
    await this.reload();
    await this.updateComplete;
    const retry = this.renderRoot.querySelector('[part~="retry-button"]');
    if (retry) (retry as HTMLElement).focus();
    else this.renderRoot.querySelector<HTMLElement>(`#tab-${this.tab}`)?.focus();
  }

  #renderReady(): TemplateResult {
    const t = this.#l10n;
    const labels: Record<TasksTab, string> = { all: t.term('tabAll'), mine: t.term('tabMine') };
    return html`<div part="base">
      <div part="header">
        <div part="tabs" role="tablist" aria-label=${t.term('title')} @keydown=${this.#onTabKey}>
          ${tasksTabs.map((tab) => {
            const selected = tab === this.tab;
            return html`<button
              part=${selected ? 'tab tab-selected' : 'tab'}
              id="tab-${tab}"
              role="tab"
              type="button"
              aria-selected=${selected ? 'true' : 'false'}
              aria-controls="tasks-panel"
              tabindex=${selected ? 0 : -1}
              @click=${() => this.#selectTab(tab, false)}
            >
              ${labels[tab]}
            </button>`;
          })}
        </div>
        <button
          part="add-button"
          type="button"
          aria-label=${t.term('newTask')}
          title=${t.term('newTask')}
          aria-expanded=${this.formOpen ? 'true' : 'false'}
          aria-controls=${this.formOpen ? 'task-form' : nothing}
          @click=${() => this.#toggleForm()}
        >
          ${icon(plusPath)}
        </button>
      </div>
      ${this.formOpen ? this.#renderForm() : nothing} ${this.#renderPanel()}
      <p part="status" class="visually-hidden" role="status">${this.busy && this.tasks.length > 0 ? t.term('updating') : this.announcement}</p>
    </div>`;
  }

  override render() {
    const t = this.#l10n;
    switch (this.phase) {
      case 'idle':
        return html`<p part="status" role="status">${t.term('noClient')}</p>`;
      case 'loading':
        return html`<p part="status" role="status">${t.term('loading')}</p>`;
      case 'off':
        return html`<p part="notice" tabindex="-1">${t.term('widgetOff')}</p>`;
      case 'unsaved':
        return html`<p part="notice" tabindex="-1">${t.term('needsCustomer')}</p>`;
      case 'failed': {
        const f = this.failure;
        return html`<div part="base">
          <p part="load-error" role="alert" title=${f?.detail || nothing}>${t.term('loadFailed', f?.code ?? '')}</p>
          <button part="retry-button" type="button" @click=${() => void this.#retry()}>${t.term('retry')}</button>
        </div>`;
      }
      case 'ready':
        return this.#renderReady();
    }
  }
}
