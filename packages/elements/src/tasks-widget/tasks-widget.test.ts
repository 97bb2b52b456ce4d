import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { ChatClient } from '@chatdesk/client';
import { ChatError, type CrmTask } from '@chatdesk/protocol';
import { assignTo, connectAs, connectVisitor, part, parts } from '../../test/helpers.js';
import { endOfDay, formatDeadline, fromLocalInput, toLocalInput, type ChatTasksWidget } from './tasks-widget.component.js';
import './tasks-widget.js';

/*
 * Against the real demo server the runner starts, shared with the other test files: every test
 * makes its own visitor conversation, assigned to Anna, and saves its own CRM customer for it.
 * The settings are never changed here, so the widget switched off and a CRM that does not answer
 * are shown through a client whose CRM call is refused the way the server refuses it.
 */

const opened: ChatClient[] = [];
async function connect(user: string): Promise<ChatClient> {
  const client = await connectAs(user);
  opened.push(client);
  return client;
}

/** A new visitor conversation assigned to Anna; its customer saved in the CRM unless `save` is false. */
async function annaConversation(anna: ChatClient, save = true): Promise<number> {
  const visitor = await connectVisitor();
  opened.push(visitor);
  const sent = await visitor.send('Здравствуйте! Перезвоните мне, пожалуйста');
  await assignTo(sent.conversationId, 'anna');
  if (save) {
    await waitUntil(
      () => anna.call('crm.customer', { conversationId: sent.conversationId }).then(() => true, () => false),
      'Anna sees the conversation',
      { timeout: 5000 },
    );
    await anna.call('crm.saveCustomer', { conversationId: sent.conversationId, customer: { firstName: 'Тамара', lastName: 'Задачина' } });
  }
  return sent.conversationId;
}

async function widgetFor(client: ChatClient, id: number, lang = 'ru'): Promise<ChatTasksWidget> {
  const el = await fixture<ChatTasksWidget>(html`<chat-tasks-widget lang=${lang} .client=${client} conversation-id=${id}></chat-tasks-widget>`);
  await waitUntil(() => part(el, 'base') || part(el, 'notice'), 'the widget loads', { timeout: 5000 });
  await waitUntil(() => !(part(el, 'panel')?.getAttribute('aria-busy') === 'true'), 'the list is in', { timeout: 5000 });
  return el;
}

const focused = (el: ChatTasksWidget) => el.shadowRoot!.activeElement as HTMLElement | null;
const texts = (el: ChatTasksWidget) => parts(el, 'task-text').map((t) => t.textContent!.trim());
const taskRow = (el: ChatTasksWidget, text: string) => parts(el, 'task').find((t) => t.querySelector('[part~="task-text"]')!.textContent!.trim() === text);

async function tasksOf(client: ChatClient, id: number, mine = false): Promise<CrmTask[]> {
  return (await client.call('crm.tasks', { conversationId: id, mine })).tasks;
}

/** A client whose `call` answers `method` with `refuse()` (while it returns an error) and passes the rest through. */
function refusing(real: ChatClient, method: string, refuse: () => Error | null): ChatClient {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'call') {
        return (m: string, params: unknown) => {
          const err = m === method ? refuse() : null;
          return err ? Promise.reject(err) : (target.call as (m: string, p: unknown) => Promise<unknown>)(m, params);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('<chat-tasks-widget> helpers', () => {
  it('reads and writes datetime-local values in local time; quick choices end the day at 23:59', () => {
    const ts = new Date(2026, 10, 26, 9, 5).getTime();
    expect(toLocalInput(ts)).to.equal('2026-11-26T09:05');
    expect(fromLocalInput('2026-11-26T09:05')).to.equal(ts);
    expect(fromLocalInput('')).to.equal(null);
    const now = new Date(2026, 11, 31, 14, 0).getTime();
    expect(endOfDay(0, now)).to.equal(new Date(2026, 11, 31, 23, 59).getTime());
    // Tomorrow of New Year's Eve is in the next year.
    expect(endOfDay(1, now)).to.equal(new Date(2027, 0, 1, 23, 59).getTime());
    expect(formatDeadline(new Date(2026, 10, 26, 23, 59).getTime(), 'ru', now)).to.equal('26 нояб., 23:59');
    // ICU versions differ in the space before PM (U+202F in newer ones).
    expect(formatDeadline(new Date(2026, 10, 26, 23, 59).getTime(), 'en', now)).to.match(/^Nov 26, 11:59\sPM$/);
    expect(formatDeadline(new Date(2027, 0, 1, 8, 0).getTime(), 'ru', now)).to.contain('2027');
  });
});

describe('<chat-tasks-widget> with the real server (S-W-TASK)', function () {
  this.timeout(30_000);

  afterEach(() => {
    for (const c of opened.splice(0)) c.close();
  });

  it('in Russian: empty, then a task for tomorrow made by keyboard (+, type, «Завтра», Enter) shows with its deadline; focus back on +; axe passes', async () => {
    const anna = await connect('anna');
    const id = await annaConversation(anna);
    const el = await widgetFor(anna, id, 'ru');
    expect(part(el, 'empty')!.textContent!.trim()).to.equal('Открытых задач нет');
    const tabs = parts(el, 'tab');
    expect(part(el, 'tabs')!.getAttribute('role')).to.equal('tablist');
    expect(tabs.map((t) => [t.getAttribute('role'), t.textContent!.trim(), t.getAttribute('aria-selected')])).to.deep.equal([
      ['tab', 'Все', 'true'],
      ['tab', 'Мои', 'false'],
    ]);
    expect(part(el, 'panel')!.getAttribute('role')).to.equal('tabpanel');
    const add = part(el, 'add-button')!;
    expect(add.getAttribute('aria-label')).to.equal('Новая задача');
    await expect(el).to.be.accessible();

    const changed = oneEvent(el, 'chat-task-change');
    add.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => focused(el)?.id === 'task-text', 'the form opens with focus in the text');
    expect(add.getAttribute('aria-expanded')).to.equal('true');
    await expect(el).to.be.accessible();
    await sendKeys({ type: 'Перезвонить клиенту' });
    await sendKeys({ press: 'Tab' });
    expect(focused(el)!.textContent!.trim()).to.equal('Сегодня до конца дня');
    await sendKeys({ press: 'Tab' });
    expect(focused(el)!.textContent!.trim()).to.equal('Завтра');
    await sendKeys({ press: 'Space' });
    const tomorrow = endOfDay(1);
    await waitUntil(() => el.shadowRoot!.querySelector<HTMLInputElement>('#task-deadline')!.value === toLocalInput(tomorrow), '«Завтра» fills the deadline');
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('#task-deadline')!.value).to.equal(toLocalInput(tomorrow));
    expect(part(el, 'hint')!.textContent!.trim()).to.equal(`Срок: ${formatDeadline(tomorrow, 'ru')}.`);
    await sendKeys({ press: 'Tab' });
    expect(focused(el)!.id).to.equal('task-deadline');
    await sendKeys({ press: 'Enter' });

    const { detail } = await changed;
    expect(detail.task).to.include({ text: 'Перезвонить клиенту', deadline: tomorrow, performerId: 'anna', completedAt: null });
    await waitUntil(() => texts(el).includes('Перезвонить клиенту'), 'the task shows');
    expect(part(el, 'form')).to.equal(null);
    await waitUntil(() => focused(el) === part(el, 'add-button'), 'focus returns to +');
    const row = taskRow(el, 'Перезвонить клиенту')!;
    const time = row.querySelector('time')!;
    expect(time.getAttribute('datetime')).to.equal(new Date(tomorrow).toISOString());
    expect(time.textContent).to.equal(formatDeadline(tomorrow, 'ru'));
    expect(time.textContent).to.contain('23:59');
    expect(row.querySelector('[part~="deadline"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(`Срок: ${formatDeadline(tomorrow, 'ru')}`);
    expect(row.querySelector('[part~="performer"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Исполнитель: Анна Менеджерова');
    expect(row.querySelector('[part~="overdue"]')).to.equal(null);
    // The checkbox is named by the task's text.
    const box = row.querySelector<HTMLInputElement>('[part~="checkbox"]')!;
    expect(el.shadowRoot!.querySelector(`label[for="${box.id}"]`)!.textContent!.trim()).to.equal('Перезвонить клиенту');
    expect(part(el, 'status')!.textContent!.trim()).to.equal('Задача создана.');
    // The CRM has it.
    const stored = await tasksOf(anna, id);
    expect(stored.map((t) => [t.text, t.deadline, t.performerId])).to.deep.equal([['Перезвонить клиенту', tomorrow, 'anna']]);
    await expect(el).to.be.accessible();
  });

  it('a task for Boris: All shows both with their performers, Mine (→ from All) only Anna\'s; an overdue one says so in words', async () => {
    const anna = await connect('anna');
    const id = await annaConversation(anna);
    const past = Date.now() - 3_600_000;
    await anna.call('crm.createTask', { conversationId: id, text: 'Отправить счёт', deadline: past });
    const el = await widgetFor(anna, id, 'ru');
    expect(texts(el)).to.deep.equal(['Отправить счёт']);
    const overdue = taskRow(el, 'Отправить счёт')!;
    expect(overdue.getAttribute('part')).to.contain('task-overdue');
    expect(overdue.querySelector('[part~="overdue"]')!.textContent!.trim()).to.equal('Просрочена');

    await el.openForm();
    expect(focused(el)?.id).to.equal('task-text');
    const performer = el.shadowRoot!.querySelector<HTMLSelectElement>('#task-performer')!;
    await waitUntil(() => performer.options.length > 1, 'the CRM users are in the select');
    expect(performer.value).to.equal('anna');
    expect([...performer.options].find((o) => o.value === 'anna')!.textContent!.trim()).to.equal('Анна Менеджерова (я)');
    await sendKeys({ type: 'Собрать заказ на складе' });
    performer.value = 'boris';
    performer.dispatchEvent(new Event('change', { bubbles: true }));
    await el.updateComplete;
    part(el, 'create-button')!.click();
    await waitUntil(() => texts(el).includes('Собрать заказ на складе'), 'Boris\'s task shows');
    expect(taskRow(el, 'Собрать заказ на складе')!.querySelector('[part~="performer"]')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Исполнитель: Борис Продавцов',
    );
    expect(taskRow(el, 'Собрать заказ на складе')!.querySelector('[part~="deadline"]')!.textContent!.trim()).to.equal('Без срока');

    part(el, 'tab')!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => focused(el)?.id === 'tab-mine', 'focus moves to Mine');
    expect(el.tab).to.equal('mine');
    expect(focused(el)!.getAttribute('aria-selected')).to.equal('true');
    await waitUntil(() => part(el, 'panel')!.getAttribute('aria-busy') === 'false' && texts(el).length > 0, 'Mine loads');
    expect(texts(el)).to.deep.equal(['Отправить счёт']);
    await sendKeys({ press: 'ArrowLeft' });
    await waitUntil(() => texts(el).length === 2, 'All loads again');
    expect(focused(el)?.id).to.equal('tab-all');
    // The CRM agrees.
    expect((await tasksOf(anna, id, true)).map((t) => t.text)).to.deep.equal(['Отправить счёт']);
    expect((await tasksOf(anna, id)).map((t) => t.performerId).sort()).to.deep.equal(['anna', 'boris']);
  });

  it('Space on a checkbox completes the task in the CRM; it stays struck through, checked and disabled, and Space again does nothing', async () => {
    const anna = await connect('anna');
    const olga = await connect('olga');
    const id = await annaConversation(anna);
    const { task } = await anna.call('crm.createTask', { conversationId: id, text: 'Уточнить размер', deadline: endOfDay(1) });
    const el = await widgetFor(anna, id, 'en');
    const row = () => taskRow(el, 'Уточнить размер')!;
    const box = () => row().querySelector<HTMLInputElement>('[part~="checkbox"]')!;
    expect(box().checked).to.equal(false);
    const events: CrmTask[] = [];
    el.addEventListener('chat-task-change', (e) => events.push(e.detail.task));
    box().focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => events.length === 1, 'the task is completed');
    expect(events[0]!.id).to.equal(task.id);
    // Checked through another client: the CRM has it completed.
    const [stored] = await tasksOf(olga, id);
    expect(stored!.id).to.equal(task.id);
    expect(stored!.completedAt).to.be.a('number');
    await el.updateComplete;
    expect(row().getAttribute('part')).to.contain('task-completed');
    expect(getComputedStyle(row().querySelector('[part~="task-text"]')!).textDecorationLine).to.equal('line-through');
    expect(row().querySelector('[part~="completed"]')!.textContent!.trim()).to.equal('Completed');
    expect(box().checked).to.equal(true);
    expect(box().getAttribute('aria-disabled')).to.equal('true');
    // The meta (deadline, "Completed") describes the checkbox.
    expect(box().getAttribute('aria-describedby')).to.contain(row().querySelector('[part~="task-meta"]')!.id);
    expect(focused(el)).to.equal(box());
    expect(part(el, 'status')!.textContent).to.contain('Task completed');
    // Completing cannot be undone: Space again leaves it checked and calls nothing.
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(box().checked).to.equal(true);
    expect(events.length).to.equal(1);
    expect((await tasksOf(olga, id))[0]!.completedAt).to.equal(stored!.completedAt);
    await expect(el).to.be.accessible();
    // A reload keeps it (completed within a day), still struck through.
    await el.reload();
    await el.updateComplete;
    expect(row().getAttribute('part')).to.contain('task-completed');
  });

  it('in English: the form checks the text, links the current order, Escape cancels back to +; axe passes', async () => {
    const anna = await connect('anna');
    const id = await annaConversation(anna);
    const { order } = await anna.call('crm.placeOrder', {
      conversationId: id,
      items: [{ offerId: 'p21-1', quantity: 1 }],
      delivery: { type: 'pickup' },
      paymentType: 'cash',
    });
    const el = await widgetFor(anna, id, 'en');
    expect(part(el, 'empty')!.textContent!.trim()).to.equal('No open tasks');
    expect(parts(el, 'tab').map((t) => t.textContent!.trim())).to.deep.equal(['All', 'Mine']);
    const add = part(el, 'add-button')!;
    expect(add.getAttribute('aria-label')).to.equal('New task');

    add.focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => focused(el)?.id === 'task-text', 'the form opens');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => part(el, 'form') === null && focused(el) === add, 'Escape closes the form, focus on +');

    await sendKeys({ press: 'Enter' });
    await waitUntil(() => focused(el)?.id === 'task-text', 'the form opens again');
    // Blank text: a message at the field, nothing sent.
    await sendKeys({ type: '   ' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const text = el.shadowRoot!.querySelector('#task-text')!;
    expect(text.getAttribute('aria-invalid')).to.equal('true');
    expect(el.shadowRoot!.getElementById(text.getAttribute('aria-describedby')!)!.textContent!.trim()).to.equal('Write what needs to be done.');
    expect(await tasksOf(anna, id)).to.deep.equal([]);
    await waitUntil(() => part(el, 'order-checkbox'), 'the current order is offered');
    expect(part(el, 'order-checkbox')!.textContent!.replace(/[\u2068\u2069]/g, '').replace(/\s+/g, ' ').trim()).to.equal(
      `Link to the current order #${order.number}`,
    );
    await expect(el).to.be.accessible();
    await sendKeys({ type: 'Check the pickup' });
    el.shadowRoot!.querySelector<HTMLInputElement>('#task-order')!.click();
    await el.updateComplete;
    part(el, 'create-button')!.click();
    await waitUntil(() => texts(el).length === 1, 'the task shows');
    expect(texts(el)).to.deep.equal(['Check the pickup']);
    expect(part(el, 'order')!.textContent!.replace(/[\u2068\u2069]/g, '').trim()).to.equal(`Order #${order.number}`);
    const [stored] = await tasksOf(anna, id);
    expect(stored).to.include({ text: 'Check the pickup', orderId: order.id, deadline: null, performerId: 'anna' });
    await expect(el).to.be.accessible();
  });

  it('a customer not saved in the CRM: says tasks need a saved customer and offers nothing to create (ru and en)', async () => {
    const anna = await connect('anna');
    const id = await annaConversation(anna, false);
    const ru = await widgetFor(anna, id, 'ru');
    expect(part(ru, 'notice')!.textContent).to.contain('сохранённого в CRM');
    expect(part(ru, 'add-button')).to.equal(null);
    expect(part(ru, 'form')).to.equal(null);
    await expect(ru).to.be.accessible();
    const en = await widgetFor(anna, id, 'en');
    expect(part(en, 'notice')!.textContent).to.contain('Tasks are set on a customer saved in the CRM');
    expect(part(en, 'add-button')).to.equal(null);
    // Saved meanwhile (the customer widget), reload() shows the tasks.
    await anna.call('crm.saveCustomer', { conversationId: id, customer: { firstName: 'Пётр' } });
    await en.reload();
    await en.updateComplete;
    expect(part(en, 'empty')!.textContent!.trim()).to.equal('No open tasks');
    expect(part(en, 'add-button')).to.not.equal(null);
  });

  it('a CRM that does not answer shows a message and Retry, which loads the list; a widget switched off says so', async () => {
    const anna = await connect('anna');
    const id = await annaConversation(anna);
    await anna.call('crm.createTask', { conversationId: id, text: 'Написать клиенту', deadline: null });
    // The server's answer when the host CRM times out, once.
    let refusals = 1;
    const flaky = refusing(anna, 'crm.tasks', () => (refusals-- > 0 ? new ChatError('UNAVAILABLE', 'The CRM did not answer in time.') : null));
    const el = await widgetFor(flaky, id, 'ru');
    await waitUntil(() => part(el, 'load-error'), 'the failure shows');
    expect(part(el, 'load-error')!.getAttribute('role')).to.equal('alert');
    expect(part(el, 'load-error')!.textContent!.trim()).to.equal('CRM не отвечает: задачи не загрузились.');
    await expect(el).to.be.accessible();
    part(el, 'retry-button')!.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => texts(el).length === 1, 'Retry loads the list');
    expect(texts(el)).to.deep.equal(['Написать клиенту']);
    expect(focused(el)?.id).to.equal('tab-all');

    // The server's answer while the tasks widget is off in the settings (S-SET-7).
    const off = refusing(anna, 'crm.tasks', () => new ChatError('FORBIDDEN', 'The tasks widget is switched off in the settings.', { reason: 'widget-off' }));
    const offEl = await widgetFor(off, id, 'en');
    expect(part(offEl, 'notice')!.textContent!.trim()).to.equal('The tasks widget is switched off in the chat settings.');
    expect(part(offEl, 'add-button')).to.equal(null);
    await expect(offEl).to.be.accessible();
  });
});
