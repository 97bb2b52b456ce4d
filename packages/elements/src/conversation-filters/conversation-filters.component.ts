import { html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { Assignee, Channel, ListFilter, ListSort } from '@chatdesk/protocol';
import { emit } from '../lib/events.js';
import { LocalizeController } from '../lib/localize.js';
import { tokens } from '../lib/theme.js';
import { activeFilterCount } from '../lib/filters.js';
import { defineParts } from '../lib/parts.js';
import { filterTerms } from './conversation-filters.i18n.js';
import styles from './conversation-filters.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts('chat-conversation-filters', 'base sort field select checkbox reset-button');

export { activeFilterCount };

export interface ChatFiltersChangeDetail {
  sort: ListSort;
  filter: ListFilter;
}

/**
 * @summary The sort and the filters of the conversation list (S-DLG-4): sort by last activity or
 * by waiting time (longest unanswered first); filter by status, channel, manager, unread only and
 * unanswered only. The manager filter offers any, mine, unassigned and every manager in `managers`.
 * The filters combine. A leaf: it takes plain properties and reports each change;
 * `<chat-conversation-list>` shows it behind its filter button and remembers the choice per user.
 *
 * Native form controls: Tab moves between them, arrows change a radio group or a select, Space
 * toggles a checkbox.
 *
 * @csspart base - The `group` of controls.
 * @csspart sort - The sort's radio group (`fieldset`).
 * @csspart field - Each labelled select (status, channel, manager).
 * @csspart select - Each `<select>`.
 * @csspart checkbox - Each checkbox label (unread only, unanswered only).
 * @csspart reset-button - Back to the defaults.
 *
 * @cssproperty --chat-filters-bg - Background of the controls.
 * @cssproperty --chat-filters-gap - Space between the controls.
 *
 * @event {{ sort: ListSort, filter: ListFilter }} chat-filters-change - The user changed the sort
 * or a filter; the detail holds the whole new choice.
 */
export class ChatConversationFilters extends LitElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, filterTerms);

  @property() accessor sort: ListSort = 'activity';

  /** The filters in force; absent keys mean "any". */
  @property({ attribute: false }) accessor filter: ListFilter = {};

  /** The channels to offer in the channel filter. */
  @property({ attribute: false }) accessor channels: readonly Channel[] = [];

  /**
   * Every manager to offer in the manager filter (`conversations.assignees` without a
   * conversation); the user themself is the "Mine" option.
   */
  @property({ attribute: false }) accessor managers: readonly Pick<Assignee, 'id' | 'name'>[] = [];

  /** The user's own id, for the "Mine" manager filter. */
  @property({ attribute: 'me-id' }) accessor meId = '';

  #change(sort: ListSort, filter: ListFilter): void {
    this.sort = sort;
    this.filter = filter;
    emit<ChatFiltersChangeDetail>(this, 'chat-filters-change', { sort, filter });
  }

  #set<K extends keyof ListFilter>(key: K, value: ListFilter[K] | undefined): void {
    const filter = { ...this.filter };
    if (value === undefined || value === false) delete filter[key];
    else filter[key] = value;
    this.#change(this.sort, filter);
  }

  #onStatus(e: Event): void {
    const v = (e.target as HTMLSelectElement).value;
    this.#set('status', v === 'open' || v === 'closed' ? v : undefined);
  }

  #onSla(e: Event): void {
    const v = (e.target as HTMLSelectElement).value;
    this.#set('sla', v === 'ok' || v === 'warning' || v === 'breached' ? v : undefined);
  }

  #onChannel(e: Event): void {
    const v = (e.target as HTMLSelectElement).value;
    this.#set('channelId', v ? Number(v) : undefined);
  }

  #onManager(e: Event): void {
    const v = (e.target as HTMLSelectElement).value;
    this.#set('assigneeId', v === '' ? undefined : v === '-' ? null : v);
  }

  override render() {
    const t = this.#l10n;
    const f = this.filter;
    const manager = f.assigneeId === undefined ? '' : f.assigneeId === null ? '-' : f.assigneeId;
    // A group, not a <form>: nothing here is submitted (and the G10 suite flags any form element).
    return html`<div part="base" role="group" aria-label=${t.term('filters')}>
      <fieldset part="sort">
        <legend>${t.term('sortBy')}</legend>
        ${(['activity', 'waiting', 'sla'] as const).map(
          (s) => html`<label
            ><input type="radio" name="sort" value=${s} .checked=${this.sort === s} @change=${() => this.#change(s, this.filter)} />
            ${t.term(s === 'activity' ? 'sortActivity' : s === 'waiting' ? 'sortWaiting' : 'sortSla')}</label
          >`,
        )}
      </fieldset>
      <label part="field"
        >${t.term('status')}
        <select part="select" name="status" @change=${this.#onStatus}>
          <option value="" ?selected=${!f.status}>${t.term('any')}</option>
          <option value="open" ?selected=${f.status === 'open'}>${t.term('statusOpen')}</option>
          <option value="closed" ?selected=${f.status === 'closed'}>${t.term('statusClosed')}</option>
        </select></label
      >
      <label part="field"
        >${t.term('channel')}
        <select part="select" name="channel" @change=${this.#onChannel}>
          <option value="" ?selected=${f.channelId === undefined}>${t.term('any')}</option>
          ${this.channels.map((c) => html`<option value=${c.id} ?selected=${f.channelId === c.id}>${c.name}</option>`)}
        </select></label
      >
      <label part="field"
        >${t.term('manager')}
        <select part="select" name="manager" @change=${this.#onManager}>
          <option value="" ?selected=${manager === ''}>${t.term('any')}</option>
          ${this.meId ? html`<option value=${this.meId} ?selected=${manager === this.meId}>${t.term('mine')}</option>` : ''}
          <option value="-" ?selected=${manager === '-'}>${t.term('unassigned')}</option>
          ${this.managers
            .filter((m) => m.id !== this.meId)
            .map((m) => html`<option value=${m.id} ?selected=${manager === m.id}>${m.name}</option>`)}
          ${manager !== '' && manager !== '-' && manager !== this.meId && !this.managers.some((m) => m.id === manager)
            ? html`<option value=${manager} selected>${manager}</option>`
            : ''}
        </select></label
      >
      <label part="checkbox"
        ><input type="checkbox" name="unread" .checked=${!!f.unreadOnly} @change=${(e: Event) => this.#set('unreadOnly', (e.target as HTMLInputElement).checked)} />
        ${t.term('unreadOnly')}</label
      >
      <label part="checkbox"
        ><input
          type="checkbox"
          name="unanswered"
          .checked=${!!f.unansweredOnly}
          @change=${(e: Event) => this.#set('unansweredOnly', (e.target as HTMLInputElement).checked)}
        />
        ${t.term('unansweredOnly')}</label
      >
      <label part="field"
        >${t.term('sla')}
        <select part="select" name="sla" @change=${this.#onSla}>
          <option value="" ?selected=${!f.sla}>${t.term('any')}</option>
          <option value="ok" ?selected=${f.sla === 'ok'}>${t.term('slaOk')}</option>
          <option value="warning" ?selected=${f.sla === 'warning'}>${t.term('slaWarning')}</option>
          <option value="breached" ?selected=${f.sla === 'breached'}>${t.term('slaBreached')}</option>
        </select></label
      >
      <button part="reset-button" type="button" ?disabled=${activeFilterCount(this.sort, f) === 0} @click=${() => this.#change('activity', {})}>
        ${t.term('resetFilters')}
      </button>
    </div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-filters-change': CustomEvent<ChatFiltersChangeDetail>;
  }
}
