import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { part } from '../../test/helpers.js';
import './conversation-filters.js';
import { activeFilterCount, type ChatConversationFilters } from './conversation-filters.component.js';

const channels = [
  { id: 1, kind: 'web', name: 'Web chat' },
  { id: 2, kind: 'telegram', name: 'Telegram' },
];

describe('<chat-conversation-filters> (S-DLG-4)', () => {
  it('changes the sort and combines filters from the keyboard, reporting the whole choice each time', async () => {
    const el = await fixture<ChatConversationFilters>(html`<chat-conversation-filters .channels=${channels} me-id="anna"></chat-conversation-filters>`);
    const q = <T extends Element>(s: string) => el.shadowRoot!.querySelector<T>(s)!;
    q<HTMLInputElement>('input[value="activity"]').focus();
    let change = oneEvent(el, 'chat-filters-change');
    await sendKeys({ press: 'ArrowDown' });
    expect((await change).detail).to.deep.equal({ sort: 'waiting', filter: {} });

    // Tab leaves the radio group for the status select; ↓ picks the next option.
    change = oneEvent(el, 'chat-filters-change');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'ArrowDown' });
    expect((await change).detail).to.deep.equal({ sort: 'waiting', filter: { status: 'open' } });

    change = oneEvent(el, 'chat-filters-change');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    const channel = await change;
    expect(channel.detail.filter.channelId).to.equal(1);

    change = oneEvent(el, 'chat-filters-change');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'ArrowDown' });
    expect((await change).detail.filter.assigneeId).to.equal('anna');

    change = oneEvent(el, 'chat-filters-change');
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Space' });
    const unread = await change;
    expect(unread.detail.filter).to.include({ status: 'open', assigneeId: 'anna', unreadOnly: true });
    expect(activeFilterCount(el.sort, el.filter)).to.be.greaterThanOrEqual(4);
    await expect(el).to.be.accessible();

    change = oneEvent(el, 'chat-filters-change');
    part(el, 'reset-button')!.click();
    expect((await change).detail).to.deep.equal({ sort: 'activity', filter: {} });
  });

  it('S-DLG-4: offers every manager besides "mine" and "unassigned", and reports the one chosen', async () => {
    const managers = [
      { id: 'anna', name: 'Anna', online: true, load: 1 },
      { id: 'boris', name: 'Boris', online: false, load: 0 },
      { id: 'vera', name: 'Vera', online: true, load: 2 },
    ];
    const el = await fixture<ChatConversationFilters>(
      html`<chat-conversation-filters .managers=${managers} .filter=${{ assigneeId: 'vera' }} me-id="anna"></chat-conversation-filters>`,
    );
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('select[name="manager"]')!;
    expect([...select.options].map((o) => [o.value, o.textContent!.trim()])).to.deep.equal([
      ['', 'Any'],
      ['anna', 'Mine'],
      ['-', 'Unassigned'],
      ['boris', 'Boris'],
      ['vera', 'Vera'],
    ]);
    expect(select.value).to.equal('vera');
    const change = oneEvent(el, 'chat-filters-change');
    select.value = 'boris';
    select.dispatchEvent(new Event('change'));
    expect((await change).detail.filter).to.deep.equal({ assigneeId: 'boris' });
    await expect(el).to.be.accessible();

    // A remembered manager not (yet) in the list still shows as chosen.
    el.managers = [];
    el.filter = { assigneeId: 'gone' };
    await el.updateComplete;
    expect(select.value).to.equal('gone');
  });

  it('shows a given choice, with "unassigned" as a null manager, in Russian under lang=ru', async () => {
    const wrapper = await fixture(html`<div lang="ru">
      <chat-conversation-filters sort="waiting" .filter=${{ assigneeId: null, unansweredOnly: true }} .channels=${channels}></chat-conversation-filters>
    </div>`);
    const el = wrapper.querySelector('chat-conversation-filters')!;
    const q = <T extends Element>(s: string) => el.shadowRoot!.querySelector<T>(s)!;
    expect(q<HTMLInputElement>('input[value="waiting"]').checked).to.equal(true);
    expect(q<HTMLSelectElement>('select[name="manager"]').value).to.equal('-');
    expect(q<HTMLInputElement>('input[name="unanswered"]').checked).to.equal(true);
    expect(q('legend').textContent).to.equal('Сортировка');
    expect(q<HTMLSelectElement>('select[name="status"]').selectedOptions[0]!.textContent).to.equal('Любой');
  });
});
