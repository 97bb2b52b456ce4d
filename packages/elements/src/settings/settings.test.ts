import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatClient } from '@chatdesk/client';
import { connectAs, part, parts } from '../../test/helpers.js';
import type { ChatSettingsElement } from './settings.component.js';
import { changedGroups, editsOf, joinMs, placeIssues, rebase, splitMs } from './settings-draft.js';
import { DEFAULT_CHAT_SETTINGS, type Result } from '@chatdesk/protocol';
import './settings.js';

/*
 * The demo server the runner starts is shared with the other test files running at the same
 * time: these tests save only harmless values (the order method and type, a channel's own time
 * limits equal to the default) and put them back; they never switch chats off, change the display
 * mode, the assignment list, the bot or who sees unassigned conversations.
 */

const opened: ChatClient[] = [];
async function connect(user: string): Promise<ChatClient> {
  const client = await connectAs(user);
  opened.push(client);
  return client;
}

async function settingsFor(client: ChatClient, lang?: string): Promise<ChatSettingsElement> {
  const el = await fixture<ChatSettingsElement>(
    lang ? html`<chat-settings lang=${lang} .client=${client}></chat-settings>` : html`<chat-settings .client=${client}></chat-settings>`,
  );
  await waitUntil(() => part(el, 'tabs') || part(el, 'no-access') || part(el, 'load-error'), 'the settings load', { timeout: 5000 });
  return el;
}

const $ = <T extends Element = HTMLElement>(el: ChatSettingsElement, selector: string): T => {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};
/** A field's wrapper by its path in the document. */
const field = (el: ChatSettingsElement, path: string) => $(el, `[data-field="${path}"]`);
/** The control of a field (the first, for a duration: minutes). */
const control = <T extends HTMLElement = HTMLInputElement>(el: ChatSettingsElement, path: string, unit = '') =>
  $<T>(el, `#f-${path.replace(/\./g, '-')}${unit ? `-${unit}` : ''}`);

async function type(el: ChatSettingsElement, input: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function choose(el: ChatSettingsElement, select: HTMLSelectElement, value: string): Promise<void> {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
  await el.updateComplete;
}

async function showTab(el: ChatSettingsElement, tab: ChatSettingsElement['tab']): Promise<void> {
  $(el, `#tab-${tab}`).click();
  await el.updateComplete;
}

/** The message a control points at with `aria-describedby` (its hint id is skipped). */
function messageOf(el: ChatSettingsElement, input: Element): string {
  expect(input.getAttribute('aria-invalid'), `${input.id} is marked invalid`).to.equal('true');
  const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id.startsWith('e-'));
  expect(ids.length, `${input.id} is described by its message`).to.equal(1);
  const message = el.shadowRoot!.getElementById(ids[0]!)!;
  expect(message.getAttribute('part')).to.equal('error');
  return message.textContent!.trim();
}

/** A duration typed in minutes and seconds. */
async function typeTime(el: ChatSettingsElement, path: string, minutes: string, seconds: string): Promise<void> {
  await type(el, control(el, path, 'min'), minutes);
  await type(el, control(el, path, 's'), seconds);
}

describe('<chat-settings> model (settings-draft.ts)', () => {
  it('finds the edits field by field and puts them over what someone else saved', () => {
    const base = structuredClone(DEFAULT_CHAT_SETTINGS);
    const mine = structuredClone(base);
    mine.widgets.orderMethod = 'mine';
    mine.timeLimits.perChannel['3'] = { warningMs: null, processingMs: 60_000 };
    const edits = editsOf(base, mine);
    expect(edits.map((e) => e.path.join('.'))).to.deep.equal(['widgets.orderMethod', 'timeLimits.perChannel.3']);
    const theirs = structuredClone(base);
    theirs.widgets.orderType = 'theirs';
    theirs.chatsEnabled = false;
    const merged = rebase(theirs, mine, edits);
    expect(merged.widgets).to.include({ orderMethod: 'mine', orderType: 'theirs' });
    expect(merged.chatsEnabled).to.equal(false);
    expect(merged.timeLimits.perChannel['3']).to.deep.equal({ warningMs: null, processingMs: 60_000 });
    expect(Object.keys(changedGroups(theirs, merged))).to.deep.equal(['widgets', 'timeLimits']);
    // An edit inside an entry the other save removed brings the user's whole entry back.
    const withOverride = structuredClone(base);
    withOverride.timeLimits.perChannel['3'] = { warningMs: null, processingMs: 60_000 };
    const edited = structuredClone(withOverride);
    edited.timeLimits.perChannel['3']!.processingMs = 90_000;
    expect(rebase(base, edited, editsOf(withOverride, edited)).timeLimits.perChannel['3']).to.deep.equal({ warningMs: null, processingMs: 90_000 });
  });

  it('types times in units and stores milliseconds; places messages at the nearest field', () => {
    expect(joinMs(['2', '30'], ['min', 's'])).to.equal(150_000);
    expect(joinMs(['', '900'], ['min', 's'])).to.equal(900_000);
    expect(joinMs(['', ''], ['min', 's'])).to.equal(null);
    expect(joinMs(['1', '2', '3'], ['d', 'h', 'min'])).to.equal(86_400_000 + 7_200_000 + 180_000);
    expect(splitMs(150_000, ['min', 's'])).to.deep.equal([2, 30]);
    expect(splitMs(30 * 86_400_000, ['d', 'h', 'min'])).to.deep.equal([30, 0, 0]);
    const { byField, other } = placeIssues({ 'distributionBot.managerIds.2': ['x'], 'nowhere.at.all': ['y'] }, new Set(['distributionBot.managerIds']));
    expect([...byField]).to.deep.equal([['distributionBot.managerIds', ['x']]]);
    expect(other).to.deep.equal([['nowhere.at.all', 'y']]);
  });
});

describe('<chat-settings> (issue 16, S-SET-1..8)', function () {
  this.timeout(30_000);

  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
  });

  it('an admin gets five tabs (the fifth their own preferences): ← → Home End move between them (one tab stop), each panel passes axe', async () => {
    const olga = await connect('olga');
    const el = await settingsFor(olga);
    const tabs = parts(el, 'tab');
    expect(tabs.map((t) => t.textContent!.trim())).to.deep.equal(['General', 'Privacy policy', 'Widgets', 'Time limits', 'My preferences']);
    expect($(el, '[role="tablist"]').getAttribute('aria-label')).to.equal('Chat settings');
    const state = () => ({
      selected: tabs.filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.id),
      tabStops: tabs.filter((t) => t.tabIndex === 0).map((t) => t.id),
      shown: parts(el, 'panel').filter((p) => !p.hidden).map((p) => p.id),
      focused: el.shadowRoot!.activeElement?.id,
    });
    expect(state()).to.deep.equal({ selected: ['tab-general'], tabStops: ['tab-general'], shown: ['panel-general'], focused: undefined });
    await expect(el).to.be.accessible();

    tabs[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(state()).to.deep.equal({ selected: ['tab-privacy'], tabStops: ['tab-privacy'], shown: ['panel-privacy'], focused: 'tab-privacy' });
    expect($(el, '#panel-privacy').getAttribute('aria-labelledby')).to.equal('tab-privacy');
    expect(tabs[1]!.getAttribute('aria-controls')).to.equal('panel-privacy');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'End' });
    await el.updateComplete;
    expect(state()).to.include({ focused: 'tab-personal' });
    expect(state().shown).to.deep.equal(['panel-personal']);
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(state()).to.deep.equal({ selected: ['tab-timeLimits'], tabStops: ['tab-timeLimits'], shown: ['panel-timeLimits'], focused: 'tab-timeLimits' });
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(state()).to.deep.equal({ selected: ['tab-widgets'], tabStops: ['tab-widgets'], shown: ['panel-widgets'], focused: 'tab-widgets' });
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Home' });
    await el.updateComplete;
    expect(state().focused).to.equal('tab-general');
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(state().focused, '← from the first wraps to the last').to.equal('tab-personal');
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(state().focused, '→ from the last wraps to the first').to.equal('tab-general');

    // Tab leaves the tab list for the panel's first control; Shift+Tab comes back to the selected tab.
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.id).to.equal('f-chatsEnabled');
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(el.shadowRoot!.activeElement?.id).to.equal('tab-general');

    // What the demo has: its two stores, its channels, its managers; Save waits for an edit.
    const general = $(el, '#panel-general');
    expect(general.textContent).to.contain('Анна Менеджерова');
    await showTab(el, 'widgets');
    const select = $<HTMLSelectElement>(el, '[data-field^="widgets.storeByChannel."] select');
    expect([...select.options].map((o) => o.value)).to.deep.equal(['', 'main', 'wholesale']);
    expect(select.value).to.equal('main');
    expect(part<HTMLButtonElement>(el, 'save-button')!.disabled).to.equal(true);
  });

  it('refuses invalid values with a message at each field (29 s, 45 s, a warning not below the reply time, a bad link, a channel without a store); Save stays disabled', async () => {
    const olga = await connect('olga');
    const el = await settingsFor(olga);
    const save = part<HTMLButtonElement>(el, 'save-button')!;

    await showTab(el, 'timeLimits');
    const processing = 'timeLimits.default.processingMs';
    const warning = 'timeLimits.default.warningMs';
    await typeTime(el, processing, '0', '29');
    expect(messageOf(el, control(el, processing, 'min'))).to.equal('At least 30 seconds · A multiple of 30 seconds');
    expect(messageOf(el, control(el, processing, 's'))).to.equal('At least 30 seconds · A multiple of 30 seconds');
    expect(save.disabled).to.equal(true);

    await typeTime(el, processing, '0', '45');
    expect(messageOf(el, control(el, processing, 's'))).to.equal('A multiple of 30 seconds');

    await typeTime(el, processing, '10', '0');
    await typeTime(el, warning, '10', '0');
    expect(field(el, processing).querySelector('[part~="error"]')).to.equal(null);
    expect(messageOf(el, control(el, warning, 'min'))).to.equal('Less than the reply time');
    await typeTime(el, warning, '12', '30');
    expect(messageOf(el, control(el, warning, 'min'))).to.equal('Less than the reply time');
    await typeTime(el, warning, '9', '30');
    expect(control(el, warning, 'min').hasAttribute('aria-invalid')).to.equal(false);
    expect(save.disabled, 'valid and changed: Save is on').to.equal(false);
    // Empty: no warning at all.
    await typeTime(el, warning, '', '');
    expect(control(el, warning, 'min').hasAttribute('aria-invalid')).to.equal(false);

    // valibot's own messages for the other fields, in the user's words too.
    await showTab(el, 'general');
    const autoClose = $<HTMLInputElement>(el, '#f-autoCloseAssignedMs-on');
    if (!autoClose.checked) autoClose.click();
    await el.updateComplete;
    for (const unit of ['d', 'h', 'min']) await type(el, control(el, 'autoCloseAssignedMs', unit), '0');
    expect(messageOf(el, control(el, 'autoCloseAssignedMs', 'h'))).to.equal('At least 1 min');
    await type(el, control(el, 'autoCloseAssignedMs', 'h'), '4');
    expect(control(el, 'autoCloseAssignedMs', 'h').hasAttribute('aria-invalid')).to.equal(false);
    await type(el, control(el, 'distributionBot.capacity'), '');
    expect(messageOf(el, control(el, 'distributionBot.capacity'))).to.equal('At least 1');
    await type(el, control(el, 'distributionBot.capacity'), '1001');
    expect(messageOf(el, control(el, 'distributionBot.capacity'))).to.equal('At most 1000');
    part(el, 'discard-button')!.click();
    await el.updateComplete;
    expect(control(el, 'distributionBot.capacity').value, 'Discard puts back what is saved').to.not.equal('1001');

    await showTab(el, 'privacy');
    $<HTMLInputElement>(el, '#f-privacy-enabled').click();
    await el.updateComplete;
    expect(messageOf(el, control(el, 'privacy.link'))).to.equal('Required while the policy is on');
    expect(messageOf(el, control(el, 'privacy.text'))).to.equal('Required while the policy is on');
    await type(el, control(el, 'privacy.link'), 'javascript:alert(1)');
    expect(messageOf(el, control(el, 'privacy.link'))).to.equal('An http:// or https:// address');
    await type(el, control(el, 'privacy.link'), 'https://shop.example/privacy');
    expect(control(el, 'privacy.link').hasAttribute('aria-invalid')).to.equal(false);
    $<HTMLInputElement>(el, '#f-privacy-enabled').click();
    await el.updateComplete;
    expect(control(el, 'privacy.text').hasAttribute('aria-invalid'), 'off: no text needed').to.equal(false);

    await showTab(el, 'widgets');
    const mapping = $<HTMLSelectElement>(el, '[data-field^="widgets.storeByChannel."] select');
    await choose(el, mapping, '');
    expect(messageOf(el, mapping)).to.equal('Every channel needs a store');

    await showTab(el, 'timeLimits');
    await typeTime(el, processing, '0', '45');
    await showTab(el, 'widgets');
    expect(save.disabled).to.equal(true);
    // 45 s is also not above the saved warning (5 min): the warning needs attention too.
    expect(part(el, 'summary')!.textContent).to.equal('3 fields need attention');
    expect(save.getAttribute('aria-describedby')).to.equal('summary');
    const badges = parts(el, 'tab').map((t) => t.querySelector('[part~="tab-issues"]')?.textContent ?? '');
    expect(badges).to.deep.equal(['', '', '1', '2', '']);
    expect($(el, '#tab-widgets').textContent).to.contain('1 field needs attention');
    await expect(el).to.be.accessible();
    // "Go to the field": the first one on this tab, else on the first tab with one.
    part(el, 'show-issue-button')!.click();
    await waitUntil(() => el.shadowRoot!.activeElement === mapping, 'focus on the store of the channel');
    await choose(el, mapping, 'main');
    part(el, 'show-issue-button')!.click();
    await waitUntil(() => el.shadowRoot!.activeElement === control(el, warning, 'min'), 'focus on the first of that tab: the warning');
    expect(el.tab).to.equal('timeLimits');

    await showTab(el, 'widgets');
    await choose(el, mapping, 'wholesale');
    await typeTime(el, processing, '20', '0');
    expect(el.issueCount).to.equal(0);
    // Nothing of this was saved: Discard brings back what is.
    part(el, 'discard-button')!.click();
    await el.updateComplete;
    expect(mapping.value).to.equal('main');
    expect(save.disabled).to.equal(true);
  });

  it('in Russian: the tabs, the messages and the count', async () => {
    const olga = await connect('olga');
    const el = await settingsFor(olga, 'ru');
    expect(parts(el, 'tab').map((t) => t.textContent!.trim())).to.deep.equal(['Основные', 'Политика конфиденциальности', 'Виджеты', 'Лимиты времени', 'Мои настройки']);
    await showTab(el, 'timeLimits');
    const processing = 'timeLimits.default.processingMs';
    await typeTime(el, processing, '0', '29');
    expect(messageOf(el, control(el, processing, 'min'))).to.equal('Не меньше 30 секунд · Кратно 30 секундам');
    await typeTime(el, processing, '0', '45');
    expect(messageOf(el, control(el, processing, 'min'))).to.equal('Кратно 30 секундам');
    await typeTime(el, processing, '5', '0');
    await typeTime(el, 'timeLimits.default.warningMs', '5', '0');
    expect(messageOf(el, control(el, 'timeLimits.default.warningMs', 'min'))).to.equal('Меньше времени на ответ');
    await showTab(el, 'widgets');
    const mapping = $<HTMLSelectElement>(el, '[data-field^="widgets.storeByChannel."] select');
    expect(mapping.options[0]!.textContent).to.equal('— выберите магазин —');
    await choose(el, mapping, '');
    expect(messageOf(el, mapping)).to.equal('Каждому каналу нужен магазин');
    expect(part(el, 'summary')!.textContent).to.equal('Нужно исправить 2 поля');
    await showTab(el, 'privacy');
    $<HTMLInputElement>(el, '#f-privacy-enabled').click();
    await el.updateComplete;
    expect(messageOf(el, control(el, 'privacy.link'))).to.equal('Обязательно, пока политика включена');
    expect(part(el, 'summary')!.textContent).to.equal('Нужно исправить 4 поля');
    await expect(el).to.be.accessible();
    // The language follows the page at run time.
    el.removeAttribute('lang');
    await waitUntil(() => part(el, 'summary')!.textContent === '4 fields need attention', 'English, as the page');
  });

  it('shows at the fields what the server refuses (INVALID_PARAMS details.nested), in the user’s words', async () => {
    const olga = await connect('olga');
    // As a form that missed a channel would send it: the server checks the mapping itself.
    const call = olga.call.bind(olga);
    let channelId = 0;
    const patched = async (method: string, params: object): Promise<unknown> => {
      const result = await (call as (m: string, p: object) => Promise<unknown>)(method, params);
      if (method !== 'settings.get') return result;
      const got = result as Result<'settings.get'>;
      channelId = got.channels[0]!.id;
      const storeByChannel = { ...got.settings.widgets.storeByChannel };
      delete storeByChannel[String(channelId)];
      return { ...got, stores: [], settings: { ...got.settings, widgets: { ...got.settings.widgets, storeByChannel } } };
    };
    (olga as unknown as { call: typeof patched }).call = patched;
    const el = await settingsFor(olga);
    await showTab(el, 'widgets');
    expect(field(el, 'widgets.storeByChannel').textContent).to.contain('The chat server knows no stores');
    await type(el, control(el, 'widgets.orderType'), 'not-saved');
    expect(await el.save()).to.equal(false);
    await el.updateComplete;
    expect(field(el, 'widgets.storeByChannel').querySelector('[part~="error"]')!.textContent).to.equal('Every channel needs a store');
    expect(part(el, 'summary')!.textContent).to.equal('1 field needs attention');
    expect(el.tab).to.equal('widgets');
    const got = await call('settings.get', {});
    expect(got.settings.widgets.orderType, 'nothing was saved').to.not.equal('not-saved');
    expect(got.settings.widgets.storeByChannel[String(channelId)]).to.be.a('string');
    // An edit of the field clears what the server said of it.
    await type(el, control(el, 'widgets.orderType'), 'again');
    expect(part(el, 'summary')!.textContent).to.equal('1 field needs attention');
  });

  it('S-CH-3: «Save new customers in the CRM» is one of the bot’s fields, off by default; ticked, Save sends it in the bot’s group (the save answered here: the shared server keeps its bot)', async () => {
    const olga = await connect('olga');
    const call = olga.call.bind(olga) as (m: string, p: object) => Promise<unknown>;
    const updates: Record<string, unknown>[] = [];
    // The form's save never reaches the shared server: it is answered as the server would.
    const answered = async (method: string, params: Record<string, unknown>): Promise<unknown> => {
      if (method !== 'settings.update') return call(method, params);
      updates.push(params);
      const got = (await call('settings.get', {})) as Result<'settings.get'>;
      const { version: _v, ...groups } = params;
      return { settings: { ...got.settings, ...groups }, version: got.version + 1 };
    };
    (olga as unknown as { call: typeof answered }).call = answered;
    const el = await settingsFor(olga);
    const box = control(el, 'distributionBot.saveNewCustomers');
    const group = box.closest('fieldset')!;
    expect(group.querySelector('legend')!.textContent).to.equal('Distribution bot');
    expect(group.contains(control(el, 'distributionBot.capacity')), 'with the bot’s other fields').to.equal(true);
    expect(box.closest('label')!.textContent!.trim()).to.equal('Save new customers in the CRM');
    expect([box.type, box.checked, box.disabled, box.hidden], 'a checkbox, off, usable as the bot’s others').to.deep.equal(['checkbox', false, false, false]);
    const hint = el.shadowRoot!.getElementById(box.getAttribute('aria-describedby')!.split(' ').find((id) => !id.startsWith('e-'))!)!;
    expect(hint.textContent).to.contain('is created there');
    await expect(el).to.be.accessible();

    box.click();
    await el.updateComplete;
    expect(part<HTMLButtonElement>(el, 'save-button')!.disabled, 'an edit: Save is on').to.equal(false);
    expect(await el.save()).to.equal(true);
    expect(updates.length).to.equal(1);
    const { version, ...groups } = updates[0]!;
    expect(Object.keys(groups), 'only the bot’s group').to.deep.equal(['distributionBot']);
    expect(version).to.be.a('number');
    const bot = groups['distributionBot'] as Record<string, unknown>;
    expect(bot['saveNewCustomers']).to.equal(true);
    const saved = ((await call('settings.get', {})) as Result<'settings.get'>).settings.distributionBot;
    expect({ ...bot, saveNewCustomers: saved.saveNewCustomers }, 'the bot’s other fields as they are').to.deep.equal(saved);
    expect(saved.saveNewCustomers, 'nothing reached the shared server').to.equal(false);

    el.setAttribute('lang', 'ru');
    await waitUntil(() => box.closest('label')!.textContent!.trim() === 'Сохранять новых клиентов в CRM', 'in Russian');
    expect(hint.textContent).to.contain('создаётся там');
  });

  it('a plain manager is told that only admins see the settings and gets only their own preferences', async () => {
    const anna = await connect('anna');
    const el = await settingsFor(anna);
    const message = part(el, 'no-access')!;
    expect(message.textContent).to.equal('Only admins and chat admins can see and change the chat settings.');
    expect(parts(el, 'tab').map((t) => t.id)).to.deep.equal(['tab-personal']);
    expect(part(el, 'save-button'), 'nothing of the admins’ document').to.equal(null);
    expect(el.shadowRoot!.querySelector('#f-sound')).to.not.equal(null);
    el.setAttribute('lang', 'ru');
    await waitUntil(
      () => part(el, 'no-access')!.textContent === 'Настройки чатов видят и меняют только администраторы и администраторы чатов.',
      'in Russian',
    );
    expect(part(el, 'tab')!.textContent!.trim()).to.equal('Мои настройки');
    await expect(el).to.be.accessible();
  });

  it('personal preferences: the sound and the language are saved on the server as they change; a page without lang follows the language', async () => {
    const vera = await connect('vera');
    const el = await settingsFor(vera);
    const page = document.documentElement.getAttribute('lang');
    document.documentElement.removeAttribute('lang');
    try {
      await showTab(el, 'personal');
      const sound = control(el, 'sound');
      expect(sound.checked, 'off by default').to.equal(false);
      sound.click();
      await waitUntil(() => part(el, 'prefs-status')?.textContent === 'Saved', 'saved at once');
      expect((await vera.call('prefs.get', {})).prefs.sound).to.equal(true);

      await choose(el, control<HTMLSelectElement>(el, 'language'), 'ru');
      await waitUntil(() => $(el, '#tab-personal').textContent!.trim() === 'Мои настройки', 'the element follows the new language', { timeout: 5000 });
      expect((await vera.call('prefs.get', {})).prefs.language).to.equal('ru');
      // Nothing of the admins' document was touched, and its Save stays off.
      expect(el.dirty).to.equal(false);
      await expect(el).to.be.accessible();

      // A page that sets its language wins over the preference.
      el.setAttribute('lang', 'en');
      await waitUntil(() => $(el, '#tab-personal').textContent!.trim() === 'My preferences', 'the element’s own lang wins');
    } finally {
      await vera.setPrefs({ sound: false, language: null });
      if (page !== null) document.documentElement.setAttribute('lang', page);
    }
  });

  it('times are typed in minutes and seconds and saved in milliseconds: a channel’s own limits, added and removed from the keyboard', async () => {
    const olga = await connect('olga');
    const el = await settingsFor(olga);
    const before = await olga.call('settings.get', {});
    const { warningMs, processingMs } = before.settings.timeLimits.default;
    // The "add" choice starts at the first channel without limits of its own.
    const key = before.channels.map((c) => String(c.id)).find((id) => !(id in before.settings.timeLimits.perChannel));
    if (!key) throw new Error('the demo has no channel without limits of its own');
    await showTab(el, 'timeLimits');
    part(el, 'add-button')!.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const path = `timeLimits.perChannel.${key}`;
    await waitUntil(() => el.shadowRoot!.activeElement?.id === `f-${path.replace(/\./g, '-')}-warningMs-min`, 'focus goes to the new limits');
    // The limits equal the default's (other tests share the server: no conversation changes colour).
    await typeTime(el, `${path}.processingMs`, '', String(processingMs / 1000));
    await typeTime(el, `${path}.warningMs`, warningMs === null ? '' : String(Math.floor(warningMs / 60_000)), warningMs === null ? '' : String((warningMs % 60_000) / 1000));
    const saved = new Promise<CustomEvent>((resolve) => el.addEventListener('chat-settings-saved', resolve as EventListener, { once: true }));
    part(el, 'save-button')!.click();
    await saved;
    await el.updateComplete;
    expect(part(el, 'status')!.textContent).to.equal('Saved');
    expect(part(el, 'status')!.getAttribute('role')).to.equal('status');
    expect((await olga.call('settings.get', {})).settings.timeLimits.perChannel[key]).to.deep.equal({ warningMs, processingMs });

    const remove = el.shadowRoot!.querySelector<HTMLButtonElement>(`[data-channel="${key}"] [part~="remove-button"]`)!;
    expect(remove.getAttribute('aria-label')).to.match(/^Remove the limits of /);
    remove.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await waitUntil(() => el.shadowRoot!.activeElement?.id === 'add-channel', 'focus goes to the channel choice');
    expect(await el.save()).to.equal(true);
    expect((await olga.call('settings.get', {})).settings.timeLimits.perChannel).to.deep.equal(before.settings.timeLimits.perChannel);
  });

  it('two admins save at once: the second sees the notice, keeps their edit over the first’s saved value, saves again; both values are stored', async () => {
    const olga = await connect('olga');
    const vera = await connect('vera');
    const original = (await olga.call('settings.get', {})).settings.widgets;
    const first = await settingsFor(olga);
    const second = await settingsFor(vera);
    const stamp = Date.now().toString(36);
    try {
      await showTab(first, 'widgets');
      await showTab(second, 'widgets');
      // Both edit before either saves: the second form has unsaved edits when the first saves.
      await type(first, control(first, 'widgets.orderType'), `olga-${stamp}`);
      await type(second, control(second, 'widgets.orderMethod'), `vera-${stamp}`);
      expect(await first.save()).to.equal(true);
      expect(await second.save()).to.equal(false);
      await second.updateComplete;

      const notice = part(second, 'notice')!;
      expect(notice.getAttribute('role')).to.equal('alert');
      expect(notice.textContent).to.contain('Someone else saved the settings meanwhile: their values are shown; your changes are kept — review and save again');
      expect(control(second, 'widgets.orderMethod').value, 'my edit is kept').to.equal(`vera-${stamp}`);
      expect(control(second, 'widgets.orderType').value, 'their saved value shows').to.equal(`olga-${stamp}`);
      expect(second.version).to.equal(first.version);
      await expect(second).to.be.accessible();

      part(second, 'save-button')!.click();
      await waitUntil(() => part(second, 'status')?.textContent === 'Saved', 'the second save goes through');
      expect(part(second, 'notice')).to.equal(null);
      const stored = (await olga.call('settings.get', {})).settings.widgets;
      expect(stored).to.include({ orderType: `olga-${stamp}`, orderMethod: `vera-${stamp}` });
      // The first form had nothing unsaved: settings.changed brought it the second's save.
      await waitUntil(() => control(first, 'widgets.orderMethod').value === `vera-${stamp}`, 'the first form follows', { timeout: 5000 });
      expect(first.version).to.equal(second.version);
    } finally {
      const now = (await olga.call('settings.get', {})).settings.widgets;
      await olga.call('settings.update', { widgets: { ...now, orderType: original.orderType, orderMethod: original.orderMethod } });
    }
  });
});
