import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { applyConversationPage, applyEvent, ChatClient } from '@chatdesk/client';
import { connectAs, conversation, part, parts } from '../../test/helpers.js';
import './conversation-list.js';
import type { ChatConversationList } from './conversation-list.component.js';

function clientWith(list: ReturnType<typeof conversation>[], unread: Record<string, number> = {}): ChatClient {
  const client = new ChatClient({ url: 'ws://127.0.0.1:9/ws', token: 'unused' });
  client.store.update((s) => applyConversationPage(s, { conversations: list, unread, nextCursor: null }, true));
  return client;
}

describe('<chat-conversation-list> (S-DLG-2)', () => {
  it('shows customer, channel, last message, time and unread count, last activity first', async () => {
    const client = clientWith(
      [
        conversation(2, { channel: { id: 2, kind: 'telegram', name: 'Telegram' } }),
        // Active now: a minute ago is yesterday for a run just after midnight (the time would show as a date).
        conversation(1, {
          lastActivityAt: Date.now(),
          lastMessage: { id: 5, author: { kind: 'manager', id: 'anna', name: 'Anna' }, text: 'On its way', createdAt: Date.now() },
        }),
      ],
      { '2': 4 },
    );
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list .client=${client}></chat-conversation-list>`);
    const items = parts(el, 'item');
    expect(items.map((i) => i.dataset['id'])).to.deep.equal(['1', '2']);
    const [first, second] = items;
    expect(first!.querySelector('[part~="name"]')!.textContent).to.equal('Customer 1');
    expect(first!.querySelector('[part~="preview"]')!.textContent).to.equal('Anna: On its way');
    expect(first!.querySelector('[part~="unread"]')).to.equal(null);
    expect(second!.querySelector('[part~="channel"]')!.textContent).to.equal('Telegram');
    expect(second!.querySelector('[part~="unread"]')!.textContent).to.contain('4 unread messages');
    expect(second!.getAttribute('part')).to.equal('item item-unread');
    // Today's: the clock, 12-hour in the page's US English.
    expect(first!.querySelector('[part~="time"]')!.textContent).to.match(/^\d{1,2}:\d\d\s[AP]M$/);
    await expect(el).to.be.accessible();
  });

  it('issue 15: each row shows its channel\'s icon before the name, decorative; web, Telegram and an unknown kind (the generic bubble) differ', async () => {
    const client = clientWith([
      conversation(1, { channel: { id: 1, kind: 'web', name: 'Web chat' } }),
      conversation(2, { channel: { id: 2, kind: 'telegram', name: 'Telegram' } }),
      conversation(3, { channel: { id: 3, kind: 'foo', name: 'Foo' } }),
      // A kind every object inherits a key for must not find a glyph there.
      conversation(4, { channel: { id: 4, kind: 'constructor', name: 'Constructor' } }),
    ]);
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list .client=${client}></chat-conversation-list>`);
    const rows = parts(el, 'item');
    expect(rows.map((r) => r.dataset['id'])).to.deep.equal(['1', '2', '3', '4']);
    const icons = rows.map((r) => r.querySelector<SVGElement>('[part~="channel"] > svg[part~="channel-icon"]'));
    for (const [i, icon] of icons.entries()) {
      expect(icon, `row ${i + 1} has a channel icon`).to.exist;
      expect(icon!.getAttribute('aria-hidden')).to.equal('true');
      expect(icon!.getAttribute('focusable')).to.equal('false');
      expect(icon!.querySelector('title')).to.equal(null);
      // The icon comes first and adds no text: the name stays the accessible text.
      expect(icon!.nextElementSibling!.localName).to.equal('bdi');
      expect(icon!.getBoundingClientRect().width).to.be.greaterThan(0);
    }
    expect(rows.map((r) => r.querySelector('[part~="channel"]')!.textContent)).to.deep.equal(['Web chat', 'Telegram', 'Foo', 'Constructor']);
    const [web, telegram, foo, inherited] = icons.map((i) => i!.dataset['icon']);
    expect([web, telegram, foo, inherited]).to.deep.equal(['web', 'telegram', 'other', 'other']);
    expect(icons[0]!.innerHTML).not.to.equal(icons[1]!.innerHTML);
    expect(icons[2]!.innerHTML).not.to.equal(icons[0]!.innerHTML);
    expect(icons[2]!.innerHTML).not.to.equal(icons[1]!.innerHTML);
    // Telegram's brand colour by default, a custom property to change it; the generic one takes the text's.
    expect(getComputedStyle(icons[1]!).color).to.equal('rgb(34, 158, 217)');
    el.style.setProperty('--chat-channel-telegram-color', 'rgb(1, 2, 3)');
    expect(getComputedStyle(icons[1]!).color).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(icons[2]!).color).to.equal(getComputedStyle(rows[2]!.querySelector('[part~="channel"]')!).color);
    await expect(el).to.be.accessible();
  });

  it('issue 15: a search hit shows its channel\'s icon before the channel\'s name', async () => {
    const client = clientWith([conversation(1)]);
    const hit = { conversation: conversation(2, { channel: { id: 2, kind: 'telegram', name: 'Telegram' } }), field: 'name', message: null, highlights: [[0, 8]] };
    // The search's answer without a server: only the call this test makes.
    (client as unknown as { call: (method: string) => Promise<unknown> }).call = async (method) => {
      expect(method).to.equal('conversations.search');
      return { hits: [hit], nextCursor: null };
    };
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list .client=${client}></chat-conversation-list>`);
    const search = part<HTMLInputElement>(el, 'search')!;
    search.value = 'Customer';
    search.dispatchEvent(new Event('input'));
    await waitUntil(() => parts(el, 'hit').length === 1, 'the hit shows', { timeout: 3000 });
    const field = parts(el, 'hit')[0]!.querySelector('[part~="hit-field"]')!;
    const icon = field.querySelector<SVGElement>('svg[part~="channel-icon"]')!;
    expect(icon.getAttribute('aria-hidden')).to.equal('true');
    expect(icon.dataset['icon']).to.equal('telegram');
    expect(icon.nextElementSibling!.textContent).to.equal('Telegram');
    expect(field.textContent).to.match(/ · Telegram$/);
  });

  it('S-DLG-9 S-DLG-7: a last message of files alone reads «Файлы», a deleted one «Сообщение удалено»', async () => {
    const at = Date.now();
    const client = clientWith([
      conversation(1, { lastMessage: { id: 7, author: { kind: 'customer', id: '101', name: 'Customer 1' }, text: '', createdAt: at } }),
      conversation(2, { lastMessage: { id: 8, author: { kind: 'manager', id: 'anna', name: 'Anna' }, text: '', createdAt: at - 1, deleted: true } }),
    ]);
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list lang="ru" .client=${client}></chat-conversation-list>`);
    const previews = parts(el, 'preview').map((p) => p.textContent);
    expect(previews[0]).to.equal('Файлы');
    expect(previews[1]).to.contain('Anna').and.to.contain('Сообщение удалено');
  });

  it('S-DLG-8: my draft replaces the last message as «Черновик: …», as text, and goes when cleared', async () => {
    const client = clientWith([conversation(1), conversation(2)]);
    const later = Date.now() + 60_000;
    client.store.update((s) => applyEvent(s, { seq: 0, name: 'draft.changed', data: { conversationId: 2, draft: { conversationId: 2, text: '<img src=x onerror="window.hacked=1">ответ', updatedAt: later } } }));
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list lang="ru" .client=${client}></chat-conversation-list>`);
    const row = () => el.shadowRoot!.querySelector('[part~="item"][data-id="2"]')!;
    const preview = row().querySelector('[part~="preview"]')!;
    expect(preview.getAttribute('part')).to.equal('preview draft');
    expect(preview.querySelector('[part~="draft-label"]')!.textContent).to.equal('Черновик:');
    expect(preview.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Черновик: <img src=x onerror="window.hacked=1">ответ');
    expect(preview.querySelector('img')).to.equal(null);
    // The draft is the last communication: its time shows.
    expect(row().querySelector('time')!.getAttribute('datetime')).to.equal(new Date(later).toISOString());
    expect(el.shadowRoot!.querySelector('[data-id="1"] [part~="draft"]')).to.equal(null);

    client.store.update((s) => applyEvent(s, { seq: 0, name: 'draft.changed', data: { conversationId: 2, draft: null } }));
    await el.updateComplete;
    expect(row().querySelector('[part~="preview"]')!.textContent).to.equal('Hello 2');
  });

  it('is a listbox driven by the keyboard: arrows, Home/End, Enter selects', async () => {
    const client = clientWith([conversation(1), conversation(2), conversation(3)]);
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list .client=${client}></chat-conversation-list>`);
    expect(part(el, 'base')!.getAttribute('role')).to.equal('listbox');
    const items = parts(el, 'item');
    expect(items.map((i) => i.getAttribute('tabindex'))).to.deep.equal(['0', '-1', '-1']);
    items[0]!.focus();
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-id')).to.equal('2');
    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-id')).to.equal('3');
    await sendKeys({ press: 'ArrowUp' });
    await el.updateComplete;
    const selected = oneEvent(el, 'chat-conversation-select');
    await sendKeys({ press: 'Enter' });
    expect((await selected).detail).to.deep.equal({ conversationId: 2 });
    await el.updateComplete;
    expect(el.selected).to.equal(2);
    expect(parts(el, 'item')[1]!.getAttribute('aria-selected')).to.equal('true');
    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-id')).to.equal('1');
  });

  it('lets the host veto a selection by cancelling the event', async () => {
    const client = clientWith([conversation(1), conversation(2)]);
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list .client=${client} selected="1"></chat-conversation-list>`);
    el.addEventListener('chat-conversation-select', (e) => e.preventDefault());
    parts(el, 'item')[1]!.click();
    await el.updateComplete;
    expect(el.selected).to.equal(1);
  });

  it('loads the first page itself from the real server once connected, in Russian under lang=ru', async () => {
    const client = await connectAs('anna');
    try {
      const wrapper = await fixture(html`<div lang="ru"><chat-conversation-list .client=${client}></chat-conversation-list></div>`);
      const el = wrapper.querySelector('chat-conversation-list')!;
      await waitUntil(() => client.state.listLoaded && parts(el, 'item').length > 0, 'conversations should load', { timeout: 5000 });
      expect(part(el, 'base')!.getAttribute('aria-label')).to.equal('Диалоги');
      // The page the list loaded is the server's own first page for Anna. Other test files add
      // conversations to the shared server meanwhile (they only push rows down), so the loaded
      // ones are all within a somewhat longer page asked for right after.
      const state = client.state;
      const loaded = [...state.conversationOrder];
      expect(loaded.length).to.be.greaterThan(0);
      const server = await client.call('conversations.list', { limit: Math.min(100, loaded.length + 20) });
      const serverIds = server.conversations.map((c) => c.id);
      expect(loaded.filter((id) => !serverIds.includes(id))).to.deep.equal([]);
      const rendered = parts(el, 'name').map((n) => n.textContent);
      const firstNames = state.conversationOrder.slice(0, rendered.length).map((id) => state.conversations[id]!.customer.name);
      expect(rendered).to.deep.equal(firstNames);
    } finally {
      client.close();
    }
  });

  it('S-DLG-4: applies the sort and filters to what the store holds, live; shows blocked, closed and waiting time', async () => {
    const now = Date.now();
    const client = clientWith([
      conversation(1, { waitingSince: now - 5 * 60_000 }),
      conversation(2, { status: 'closed', customer: { id: 102, name: 'Customer 2', blocked: true } }),
      conversation(3, { waitingSince: now - 60 * 60_000, channel: { id: 2, kind: 'telegram', name: 'Telegram' } }),
    ]);
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list .client=${client}></chat-conversation-list>`);
    const ids = () => parts(el, 'item').map((i) => Number(i.dataset['id']));
    expect(ids()).to.deep.equal([1, 2, 3]);
    const blocked = parts(el, 'item')[1]!;
    expect(blocked.querySelector('[part~="blocked"]')!.textContent).to.equal('blocked');
    expect(blocked.getAttribute('part')).to.contain('item-closed');

    // Waiting longest first, only those who wait, each with how long.
    el.sort = 'waiting';
    await el.updateComplete;
    expect(ids()).to.deep.equal([3, 1]);
    // In date-fns' words, which this sort fetches (the browser's Intl words the time until then).
    await waitUntil(() => parts(el, 'waiting')[0]!.textContent === 'waiting about 1 hour', 'date-fns words', { timeout: 3000 });

    // Filters combine.
    el.sort = 'activity';
    el.filter = { status: 'open', channelId: 1 };
    await el.updateComplete;
    expect(ids()).to.deep.equal([1]);
    expect(part(el, 'filter-button')!.getAttribute('aria-label')).to.equal('Sort and filter, 2 active');

    // Live: a conversation that stops matching leaves; one that starts matching joins.
    client.store.update((s) => applyEvent(s, { seq: 0, name: 'conversation.updated', data: { conversation: { ...s.conversations[1]!, status: 'closed' } } }));
    await el.updateComplete;
    expect(ids()).to.deep.equal([]);
    expect(part(el, 'empty')!.textContent!.trim()).to.equal('No conversations match the filters');
  });

  it('S-SLA-1, S-DLG-4: yellow and red markers at the row\'s edge with their words (both languages), none when ok or closed; the SLA filter follows each pushed change', async () => {
    const now = Date.now();
    const sla = (state: 'ok' | 'warning' | 'breached') => ({ state, warningAt: now, breachAt: now + 30_000 });
    const client = clientWith([
      conversation(1, { waitingSince: now - 40_000, slaSince: now - 40_000, sla: sla('warning') }),
      conversation(2, { waitingSince: now - 90_000, slaSince: now - 90_000, sla: sla('breached') }),
      conversation(3, { waitingSince: now - 5_000, slaSince: now - 5_000, sla: sla('ok') }),
      conversation(4, { status: 'closed', slaSince: null }),
    ]);
    const wrapper = await fixture(html`<div lang="en"><chat-conversation-list .client=${client}></chat-conversation-list></div>`);
    const el = wrapper.querySelector<ChatConversationList>('chat-conversation-list')!;
    const marker = (id: number) => parts(el, 'item').find((i) => i.dataset['id'] === String(id))!.querySelector('[part~="sla"]');
    expect(marker(1)!.getAttribute('data-state')).to.equal('warning');
    expect(marker(1)!.getAttribute('aria-label')).to.equal('Reply time running out');
    expect(marker(2)!.getAttribute('part')).to.equal('sla sla-breached');
    expect(getComputedStyle(marker(2)!).backgroundColor).to.equal('rgb(220, 38, 38)');
    expect(marker(3)).to.equal(null);
    expect(marker(4)).to.equal(null);
    wrapper.setAttribute('lang', 'ru');
    await waitUntil(() => marker(2)!.getAttribute('aria-label') === 'Ответ просрочен', 'Russian');
    await expect(el).to.be.accessible();
    // Only the red ones; a pushed change (the SLA job's conversation.updated) moves a row in or out.
    el.filter = { sla: 'breached' };
    await el.updateComplete;
    const ids = () => parts(el, 'item').map((i) => Number(i.dataset['id']));
    expect(ids()).to.deep.equal([2]);
    client.store.update((s) => applyEvent(s, { seq: 0, name: 'conversation.updated', data: { conversation: { ...s.conversations[1]!, sla: sla('breached') } } }));
    await el.updateComplete;
    expect(ids()).to.deep.equal([1, 2]);
    expect(part(el, 'filter-button')!.getAttribute('aria-label')).to.contain('1');
  });

  it('S-SLA-1, S-DLG-4: the sla sort shows running clocks only, the reply due first, and re-sorts on a pushed change', async () => {
    const now = Date.now();
    const due = (breachAt: number) => ({ state: 'ok' as const, warningAt: null, breachAt });
    const client = clientWith([
      conversation(1, { slaSince: now, sla: due(now + 60_000) }),
      conversation(2, { slaSince: now - 50_000, sla: due(now + 10_000) }),
      conversation(3, { slaSince: null }),
      conversation(4, { status: 'closed', slaSince: null }),
    ]);
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list sort="sla" .client=${client}></chat-conversation-list>`);
    const ids = () => parts(el, 'item').map((i) => Number(i.dataset['id']));
    expect(ids()).to.deep.equal([2, 1]);
    // The customer of 2 wrote again: their clock starts anew, due after 1's.
    client.store.update((s) => applyEvent(s, { seq: 0, name: 'conversation.updated', data: { conversation: { ...s.conversations[2]!, slaSince: now, sla: due(now + 70_000) } } }));
    await el.updateComplete;
    expect(ids()).to.deep.equal([1, 2]);
  });

  it('holds the order still while the pointer or focus is in it, re-sorts once they leave, drops a removed one at once', async () => {
    const client = clientWith([conversation(1), conversation(2), conversation(3)]);
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list .client=${client}></chat-conversation-list>`);
    const ids = () => parts(el, 'item').map((i) => Number(i.dataset['id']));
    parts(el, 'item')[1]!.focus();
    const bump = (id: number) =>
      client.store.update((s) =>
        applyEvent(s, { seq: 0, name: 'conversation.updated', data: { conversation: { ...s.conversations[id]!, lastActivityAt: Date.now() + id } } }),
      );
    bump(3);
    await el.updateComplete;
    expect(ids()).to.deep.equal([1, 2, 3], 'held while focused');
    expect(el.shadowRoot!.activeElement?.getAttribute('data-id')).to.equal('2');
    // A new conversation that sorts first waits behind the pill while held (see the next test).
    client.store.update((s) => applyEvent(s, { seq: 0, name: 'conversation.updated', data: { conversation: conversation(4, { lastActivityAt: Date.now() + 10 }) } }));
    await el.updateComplete;
    expect(ids()).to.deep.equal([1, 2, 3]);
    expect(part(el, 'new-pill')!.textContent!.trim()).to.equal('↑ 1 new');
    // Removed (reassigned away): gone at once, even while held.
    client.store.update((s) => applyEvent(s, { seq: 0, name: 'conversation.removed', data: { conversationId: 1 } }));
    await el.updateComplete;
    expect(ids()).to.deep.equal([2, 3]);
    // Focus leaves: the order catches up, the new one included.
    (document.activeElement as HTMLElement).blur();
    await el.updateComplete;
    expect(ids()).to.deep.equal([4, 3, 2]);
    expect(part(el, 'new-pill')).to.equal(null);
  });

  it('new conversations that arrive while the order is held show as a «N new» pill at the top (announced politely); it scrolls to the top and re-sorts', async () => {
    const list = Array.from({ length: 40 }, (_, i) => conversation(i + 1));
    const client = clientWith(list);
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list style="height: 400px" .client=${client}></chat-conversation-list>`);
    const ids = () => parts(el, 'item').map((i) => Number(i.dataset['id']));
    const status = () => el.shadowRoot!.querySelector('[role="status"]:not([part])')!;
    const arrive = (id: number, at: number) =>
      client.store.update((s) => applyEvent(s, { seq: 0, name: 'conversation.updated', data: { conversation: conversation(id, { lastActivityAt: at }) } }));
    await waitUntil(() => ids().length > 0, 'rows render');
    // The live region is there before anything is said in it.
    expect(status().textContent).to.equal('');
    // Scrolled down to the 20th, focus on it: held.
    const scroller = el.shadowRoot!.querySelector<HTMLElement>('.scroll')!;
    scroller.scrollTop = 19 * parts(el, 'item')[0]!.getBoundingClientRect().height;
    await waitUntil(() => parts(el, 'item').some((i) => i.dataset['id'] === '20'), 'the 20th renders');
    parts(el, 'item').find((i) => i.dataset['id'] === '20')!.focus();
    const top = scroller.scrollTop;

    arrive(101, Date.now() + 1000);
    arrive(102, Date.now() + 2000);
    // An older one (a page loaded at the end) sorts below every held row: it joins there.
    arrive(103, Date.now() - 1000 * 60_000);
    await el.updateComplete;
    const pill = part<HTMLButtonElement>(el, 'new-pill')!;
    expect(pill.tagName).to.equal('BUTTON');
    expect(pill.textContent!.replace(/\s+/g, ' ').trim()).to.equal('↑ 2 new');
    expect(pill.getAttribute('aria-label')).to.equal('2 new conversations');
    expect(status().textContent).to.equal('2 new conversations');
    expect(client.state.conversationOrder.slice(0, 2)).to.deep.equal([102, 101]);
    expect(ids()).to.not.include(101);
    expect(scroller.scrollTop, 'nothing moved').to.equal(top);
    expect(el.shadowRoot!.activeElement?.getAttribute('data-id')).to.equal('20');
    await expect(el).to.be.accessible({ ignoredRules: ['color-contrast'] });

    // The pill is the tab stop before the list: Shift+Tab reaches it, Enter shows them.
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(el.shadowRoot!.activeElement).to.equal(pill);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.shadowRoot!.activeElement?.getAttribute('data-id') === '102', 'focus on the newest, first row');
    expect(ids().slice(0, 3)).to.deep.equal([102, 101, 1]);
    expect(scroller.scrollTop).to.equal(0);
    expect(part(el, 'new-pill')).to.equal(null);
    expect(status().textContent).to.equal('');
    // All 43, the old one last.
    expect(parts(el, 'item')[0]!.getAttribute('aria-setsize')).to.equal('43');
  });

  it('the new-conversations pill under the pointer: a click shows the new one at the top; in Russian «1 новый»', async () => {
    const client = clientWith([conversation(1), conversation(2), conversation(3)]);
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list lang="ru" style="height: 400px" .client=${client}></chat-conversation-list>`);
    const ids = () => parts(el, 'item').map((i) => Number(i.dataset['id']));
    await waitUntil(() => ids().length === 3, 'rows render');
    const box = parts(el, 'item')[1]!.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.left + 20), Math.round(box.top + 10)] });
    try {
      client.store.update((s) => applyEvent(s, { seq: 0, name: 'conversation.updated', data: { conversation: conversation(9, { lastActivityAt: Date.now() + 1000 }) } }));
      await el.updateComplete;
      expect(ids(), 'held under the pointer').to.deep.equal([1, 2, 3]);
      const pill = part(el, 'new-pill')!;
      expect(pill.textContent!.replace(/\s+/g, ' ').trim()).to.equal('↑ 1 новый');
      expect(pill.getAttribute('aria-label')).to.equal('1 новый диалог');
      const at = pill.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(at.left + at.width / 2), Math.round(at.top + at.height / 2)] });
      await waitUntil(() => ids()[0] === 9, 'the new one is at the top');
      expect(ids()).to.deep.equal([9, 1, 2, 3]);
      expect(part(el, 'new-pill')).to.equal(null);
    } finally {
      await resetMouse();
    }
  });

  it('S-DLG-3: ↑ from the first conversation goes to the search box, Escape there clears it', async () => {
    const client = clientWith([conversation(1), conversation(2)]);
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list .client=${client}></chat-conversation-list>`);
    parts(el, 'item')[0]!.focus();
    await sendKeys({ press: 'ArrowUp' });
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'search'));
    await sendKeys({ type: 'ёлка' });
    await el.updateComplete;
    expect(part(el, 'base')).to.equal(null, 'results replace the list while there is a query');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(part<HTMLInputElement>(el, 'search')!.value).to.equal('');
    expect(parts(el, 'item').length).to.equal(2);
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.getAttribute('data-id')).to.equal('1');
  });

  it('is virtualized: 3,000 conversations keep a few dozen rows in the DOM; End and Home reach both ends by keyboard', async () => {
    const list = Array.from({ length: 3000 }, (_, i) => conversation(i + 1));
    const client = clientWith(list);
    const el = await fixture<ChatConversationList>(html`<chat-conversation-list style="height: 400px" .client=${client}></chat-conversation-list>`);
    const ids = () => parts(el, 'item').map((i) => Number(i.dataset['id']));
    await waitUntil(() => ids().length > 0, 'rows render');
    expect(ids().length).to.be.within(5, 60);
    expect(ids()[0]).to.equal(1);
    expect(parts(el, 'item')[0]!.getAttribute('aria-setsize')).to.equal('3000');
    parts(el, 'item')[0]!.focus();
    await sendKeys({ press: 'End' });
    await waitUntil(() => el.shadowRoot!.activeElement?.getAttribute('data-id') === '3000', 'the last one takes focus', { timeout: 3000 });
    expect(el.shadowRoot!.activeElement!.getAttribute('aria-posinset')).to.equal('3000');
    expect(ids().length).to.be.below(80);
    await sendKeys({ press: 'ArrowUp' });
    await waitUntil(() => el.shadowRoot!.activeElement?.getAttribute('data-id') === '2999', 'up by one');
    await sendKeys({ press: 'Home' });
    await waitUntil(() => el.shadowRoot!.activeElement?.getAttribute('data-id') === '1', 'back to the first', { timeout: 3000 });
    // Scrolling renders the rows that come into view.
    const scroller = el.shadowRoot!.querySelector<HTMLElement>('.scroll')!;
    scroller.scrollTop = scroller.scrollHeight / 2;
    await waitUntil(() => ids()[0]! > 1000, 'the middle renders', { timeout: 3000 });
    const box = scroller.getBoundingClientRect();
    await waitUntil(() => {
      const rows = parts(el, 'item').map((r) => r.getBoundingClientRect());
      return rows[0]!.top <= box.top + 1 && rows.at(-1)!.bottom >= box.bottom - 1;
    }, 'the rows cover the viewport');
  });
});
