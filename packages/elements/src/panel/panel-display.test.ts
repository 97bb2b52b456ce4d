// S-SET-1, S-SET-2 in the panel: the admin's display mode and chats on/off, followed live, and
// the popup as a window (moved, resized, kept in view, remembered per user). The settings are
// driven through a client's store, never saved on the server: the demo server is shared with the
// other test files running at the same time.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { applyConversationPage, applyThreadPage, ChatClient } from '@chatdesk/client';
import type { PublicSettings } from '@chatdesk/protocol';
import { DISCONNECTED_CHANNEL } from '@chatdesk/protocol/runtime';
import { conversation, part } from '../../test/helpers.js';
import '../unread-badge/unread-badge.js';
import './panel.js';
import type { ChatPanel } from './panel.component.js';
import type { ChatComposer } from '../composer/composer.component.js';
import type { ChatUnreadBadge } from '../unread-badge/unread-badge.component.js';

/** A client that never connects, holding conversation 7 with its thread; signed in as `user` when given. */
function offlineClient(user?: string): ChatClient {
  const client = new ChatClient({ url: 'ws://127.0.0.1:9/ws', token: 'unused' });
  const author = { kind: 'customer' as const, id: '107', name: 'Customer 7' };
  const messages = Array.from({ length: 40 }, (_, i) => ({ id: i + 1, conversationId: 7, author, text: `line ${i + 1}`, createdAt: Date.now() - (40 - i) * 1000 }));
  client.store.update((s) => {
    const listed = applyConversationPage(s, { conversations: [conversation(7)], unread: { 7: 2 }, nextCursor: null }, true);
    const next = applyThreadPage(listed, 7, { messages, hasMore: false }, false);
    // Its web channel has a module behind it, so the composer is enabled.
    const channels = { 1: { ...DISCONNECTED_CHANNEL, connected: true, maxTextChars: 4096 } };
    return { ...next, channels, me: user ? { kind: 'user', id: user, name: user, rights: ['chats'] } : null };
  });
  return client;
}

/** What `settings.changed` would bring: the next version with `over` applied. */
function setSettings(client: ChatClient, over: Partial<PublicSettings>): void {
  client.store.update((s) => ({
    ...s,
    settings: { chatsEnabled: true, displayMode: 'popup', managersSeeUnassigned: true, ...s.settings, ...over, version: (s.settings?.version ?? 0) + 1 },
  }));
}

const box = (el: Element) => {
  const r = el.getBoundingClientRect();
  return { x: Math.round(r.left), y: Math.round(r.top), w: Math.round(r.width), h: Math.round(r.height) };
};
const viewport = () => ({ w: document.documentElement.clientWidth, h: document.documentElement.clientHeight });
const inside = (el: Element) => {
  const b = box(el);
  const v = viewport();
  return b.x >= 0 && b.y >= 0 && b.x + b.w <= v.w && b.y + b.h <= v.h;
};
const frameKey = (user: string) => `chatdesk.window.${user}`;

/** A key with Shift held (sendKeys' `press` takes no combinations). */
async function shift(key: string): Promise<void> {
  await sendKeys({ down: 'Shift' });
  await sendKeys({ press: key });
  await sendKeys({ up: 'Shift' });
}

describe('<chat-panel> display (S-SET-1, S-SET-2)', function () {
  this.timeout(20_000);
  const users: string[] = [];
  /** A user of this run only: their remembered frame is nobody else's. */
  const newUser = () => {
    const id = `frame-${users.length}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    users.push(id);
    return id;
  };

  before(async () => {
    await setViewport({ width: 1000, height: 800 });
  });
  after(async () => {
    for (const u of users) localStorage.removeItem(frameKey(u));
    await resetMouse();
  });

  it('without `mode` it follows the admin\'s displayMode live (popup → section → popup); switching keeps the conversation, the draft and the DOM', async () => {
    const client = offlineClient();
    const wrap = await fixture<HTMLDivElement>(html`<div style="height: 520px"><chat-panel lang="en" .client=${client}></chat-panel></div>`);
    const el = wrap.querySelector('chat-panel')!;
    await el.updateComplete;
    // Before the first welcome: a popup.
    expect(el.mode).to.equal(null);
    expect(el.hasAttribute('mode'), 'no reflected default').to.equal(false);
    expect(el.effectiveMode).to.equal('popup');
    expect(el.dataset['mode']).to.equal('popup');
    expect(part(el, 'launcher')).not.to.equal(null);
    expect(el.matches(':popover-open')).to.equal(true);

    el.openConversation(7);
    await el.updateComplete;
    const composer = part<ChatComposer>(el, 'composer')!;
    const thread = part(el, 'thread')!;
    // (Once its code has come: the conversation's elements are a chunk fetched with the first one.)
    await waitUntil(() => el.shadowRoot!.activeElement === composer, 'the composer takes focus', { timeout: 5000 });
    await sendKeys({ type: 'a draft' });
    await waitUntil(() => composer.value === 'a draft', 'typed');

    setSettings(client, { displayMode: 'section' });
    await el.updateComplete;
    expect(el.effectiveMode).to.equal('section');
    expect(el.dataset['mode']).to.equal('section');
    expect(el.hasAttribute('mode')).to.equal(false);
    expect(part(el, 'launcher')).to.equal(null);
    expect(part(el, 'move-handle')).to.equal(null);
    expect(part(el, 'resize-handle')).to.equal(null);
    expect(el.matches(':popover-open'), 'out of the top layer').to.equal(false);
    expect(part(el, 'panel')!.getAttribute('role')).to.equal('region');
    expect(part(el, 'panel')!.hidden).to.equal(false);
    // It fills its container.
    expect(box(el).h).to.equal(520);
    expect(box(part(el, 'panel')!).h).to.equal(520);
    // The same nodes: nothing was rebuilt.
    expect(part(el, 'composer')).to.equal(composer);
    expect(part(el, 'thread')).to.equal(thread);
    expect(el.conversationId).to.equal(7);
    expect(composer.value).to.equal('a draft');

    setSettings(client, { displayMode: 'popup' });
    await el.updateComplete;
    expect(el.dataset['mode']).to.equal('popup');
    expect(el.matches(':popover-open')).to.equal(true);
    expect(part(el, 'launcher')).not.to.equal(null);
    // Still open, on the same conversation, with the draft.
    expect(el.open).to.equal(true);
    expect(part(el, 'panel')!.hidden).to.equal(false);
    expect(part(el, 'panel')!.getAttribute('role')).to.equal('dialog');
    expect(part(el, 'composer')).to.equal(composer);
    expect(composer.value).to.equal('a draft');
    expect(inside(part(el, 'panel')!)).to.equal(true);
  });

  it('a section turning into a closed popup gives focus to its button', async () => {
    const client = offlineClient();
    setSettings(client, { displayMode: 'section' });
    const el = await fixture<ChatPanel>(html`<chat-panel lang="en" style="height: 480px" .client=${client} conversation-id="7"></chat-panel>`);
    await el.updateComplete;
    expect(el.dataset['mode']).to.equal('section');
    const composer = part<ChatComposer>(el, 'composer')!;
    // The panel fetches the conversation's elements with its first conversation.
    await customElements.whenDefined('chat-composer');
    await composer.updateComplete;
    composer.focus();
    expect(el.matches(':focus-within')).to.equal(true);
    setSettings(client, { displayMode: 'popup' });
    await el.updateComplete;
    await waitUntil(() => el.shadowRoot!.activeElement === part(el, 'launcher'), 'focus on the launcher');
    expect(part(el, 'panel')!.hidden).to.equal(true);
  });

  it('a `mode` the host page sets pins it, whatever the setting; removed, the setting decides again', async () => {
    const client = offlineClient();
    setSettings(client, { displayMode: 'section' });
    const page = await fixture<HTMLDivElement>(html`<div>
      <chat-panel id="p" mode="popup" .client=${client}></chat-panel>
      <chat-panel id="s" mode="section" style="height: 400px" .client=${client}></chat-panel>
    </div>`);
    const popup = page.querySelector<ChatPanel>('#p')!;
    const section = page.querySelector<ChatPanel>('#s')!;
    await popup.updateComplete;
    await section.updateComplete;
    expect(popup.effectiveMode).to.equal('popup');
    expect(popup.dataset['mode']).to.equal('popup');
    expect(part(popup, 'launcher')).not.to.equal(null);
    expect(section.effectiveMode).to.equal('section');

    setSettings(client, { displayMode: 'popup' });
    await section.updateComplete;
    expect(section.effectiveMode, 'pinned').to.equal('section');
    expect(part(section, 'launcher')).to.equal(null);
    setSettings(client, { displayMode: 'section' });
    await popup.updateComplete;
    expect(popup.effectiveMode, 'pinned').to.equal('popup');
    expect(popup.getAttribute('mode')).to.equal('popup');

    popup.removeAttribute('mode');
    await popup.updateComplete;
    expect(popup.effectiveMode).to.equal('section');
    expect(part(popup, 'launcher')).to.equal(null);
    expect(popup.matches(':popover-open')).to.equal(false);
    // And the property pins as the attribute does.
    popup.mode = 'popup';
    await popup.updateComplete;
    expect(popup.getAttribute('mode')).to.equal('popup');
    expect(popup.effectiveMode).to.equal('popup');
  });

  it('S-SET-1: chats off hide the panel (its button too) and the badge (display: none: nothing in the accessibility tree); on again, both come back as they were', async () => {
    const client = offlineClient();
    setSettings(client, { chatsEnabled: true });
    const page = await fixture<HTMLDivElement>(html`<div>
      <header><chat-unread-badge lang="en"></chat-unread-badge></header>
      <chat-panel lang="en" .client=${client}></chat-panel>
    </div>`);
    const el = page.querySelector('chat-panel')!;
    const badge = page.querySelector<ChatUnreadBadge>('chat-unread-badge')!;
    await el.updateComplete;
    await waitUntil(() => badge.client === client && badge.count === 1, 'the badge follows the panel\'s client');
    el.openConversation(7);
    await el.updateComplete;
    expect(getComputedStyle(el).display).not.to.equal('none');
    expect(getComputedStyle(badge).display).not.to.equal('none');

    setSettings(client, { chatsEnabled: false });
    await el.updateComplete;
    await badge.updateComplete;
    expect(el.hasAttribute('data-chats-off')).to.equal(true);
    expect(badge.hasAttribute('data-chats-off')).to.equal(true);
    expect(getComputedStyle(el).display).to.equal('none');
    expect(getComputedStyle(badge).display).to.equal('none');
    expect(part(el, 'launcher')!.checkVisibility()).to.equal(false);
    // Even against a page that styles them visible.
    el.style.display = 'block';
    badge.style.display = 'inline-block';
    expect(getComputedStyle(el).display).to.equal('none');
    expect(getComputedStyle(badge).display).to.equal('none');
    for (const name of ['launcher', 'panel', 'move-handle', 'resize-handle', 'composer']) expect(part(el, name)!.checkVisibility(), name).to.equal(false);
    expect(part(badge, 'base')!.checkVisibility()).to.equal(false);

    setSettings(client, { chatsEnabled: true });
    await el.updateComplete;
    await badge.updateComplete;
    expect(el.hasAttribute('data-chats-off')).to.equal(false);
    expect(getComputedStyle(el).display).not.to.equal('none');
    expect(getComputedStyle(badge).display).not.to.equal('none');
    expect(part(el, 'launcher')!.checkVisibility()).to.equal(true);
    // As it was: open, on the same conversation.
    expect(el.open).to.equal(true);
    expect(el.conversationId).to.equal(7);
    expect(part(el, 'panel')!.checkVisibility()).to.equal(true);
    expect(part(badge, 'base')!.checkVisibility()).to.equal(true);
  });

  describe('the popup as a window', () => {
    /** An open popup of `user` (offline). */
    async function openPopup(user = newUser(), lang = 'en'): Promise<ChatPanel> {
      const el = await fixture<ChatPanel>(html`<chat-panel lang=${lang} .client=${offlineClient(user)}></chat-panel>`);
      el.show();
      await el.updateComplete;
      return el;
    }
    const panelOf = (el: ChatPanel) => part(el, 'panel')!;

    /** Drags with the real mouse from `from` by (dx, dy), in two moves as a hand would. */
    async function drag(from: readonly [number, number], dx: number, dy: number): Promise<void> {
      const [x, y] = from.map(Math.round) as [number, number];
      await sendMouse({ type: 'move', position: [x, y] });
      await sendMouse({ type: 'down' });
      await sendMouse({ type: 'move', position: [x + Math.round(dx / 2), y + Math.round(dy / 2)] });
      await sendMouse({ type: 'move', position: [x + dx, y + dy] });
      await sendMouse({ type: 'up' });
    }
    const titleSpot = (el: ChatPanel): [number, number] => {
      const r = part(el, 'title')!.getBoundingClientRect();
      return [r.left + 30, r.top + r.height / 2];
    };

    it('a drag released before the window\'s code came still moves the popup where the pointer ended, and remembers it', async () => {
      const user = newUser();
      const el = await openPopup(user);
      const panel = panelOf(el);
      const start = box(panel);
      const { PopupWindow } = await import('./panel-window.js');
      const popupWindow = new PopupWindow(el, 'chatdesk.window.');
      const [x, y] = titleSpot(el);
      const down = new PointerEvent('pointerdown', { pointerId: 7, clientX: x, clientY: y });
      // What the panel noted while the module loaded: the release, 100 px left and 30 px up. The
      // header holds no capture any more.
      const up = new PointerEvent('pointerup', { pointerId: 7, clientX: x - 100, clientY: y - 30 });
      popupWindow.drag(part(el, 'header')!, down, false, up);
      await waitUntil(() => box(panel).x === start.x - 100 && box(panel).y === start.y - 30, `moved: ${JSON.stringify(box(panel))} from ${JSON.stringify(start)}`);
      await waitUntil(() => localStorage.getItem(frameKey(user)) !== null, 'the frame is remembered');
    });

    it('is dragged by its header and stays inside the viewport', async () => {
      const el = await openPopup();
      const panel = panelOf(el);
      const start = box(panel);
      expect(panel.hasAttribute('data-placed'), 'where its styles put it').to.equal(false);
      await drag(titleSpot(el), -150, -40);
      await waitUntil(() => box(panel).x === start.x - 150 && box(panel).y === start.y - 40, `moved by the drag: ${JSON.stringify(box(panel))} from ${JSON.stringify(start)}`);
      expect(box(panel).w).to.equal(start.w);
      expect(box(panel).h).to.equal(start.h);

      // Far past the upper left corner: it stops at the edges.
      await drag(titleSpot(el), -2000, -2000);
      await waitUntil(() => box(panel).x === 0 && box(panel).y === 0, `at the corner: ${JSON.stringify(box(panel))}`);
      // And past the lower right one.
      await drag(titleSpot(el), 3000, 3000);
      const v = viewport();
      await waitUntil(() => box(panel).x + box(panel).w === v.w && box(panel).y + box(panel).h === v.h, `at the other corner: ${JSON.stringify(box(panel))}`);

      // The close button in the header is not a handle: a click on it closes, nothing moves.
      const before = box(panel);
      const close = part(el, 'close-button')!.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(close.left + close.width / 2), Math.round(close.top + close.height / 2)] });
      await waitUntil(() => !el.open, 'closed');
      el.show();
      await el.updateComplete;
      expect(box(panel)).to.deep.equal(before);
    });

    it('the grip resizes it with the pointer, not below its minimum size', async () => {
      const el = await openPopup();
      const panel = panelOf(el);
      await drag(titleSpot(el), -200, -50);
      await waitUntil(() => panel.hasAttribute('data-placed'), 'placed');
      const start = box(panel);
      const grip = part(el, 'resize-handle')!.getBoundingClientRect();
      // The grip takes the pointer in its corner triangle.
      await drag([grip.right - 3, grip.bottom - 3], 40, 30);
      await waitUntil(() => box(panel).w === start.w + 40 && box(panel).h === start.h + 30, `resized: ${JSON.stringify(box(panel))} from ${JSON.stringify(start)}`);
      expect(box(panel).x).to.equal(start.x);
      expect(box(panel).y).to.equal(start.y);
      const grip2 = part(el, 'resize-handle')!.getBoundingClientRect();
      await drag([grip2.right - 3, grip2.bottom - 3], -2000, -2000);
      await waitUntil(() => box(panel).w === 320 && box(panel).h === 240, `at the minimum: ${JSON.stringify(box(panel))}`);
      expect(inside(panel)).to.equal(true);
    });

    it('moves and resizes by keyboard on its handles (16 px, 64 px with Shift), named in both languages', async () => {
      const el = await openPopup();
      const panel = panelOf(el);
      const move = part(el, 'move-handle')!;
      const grip = part(el, 'resize-handle')!;
      expect(move.tagName).to.equal('BUTTON');
      expect(move.getAttribute('aria-label')).to.equal('Move the chat window');
      expect(grip.getAttribute('aria-label')).to.equal('Resize the chat window');
      for (const handle of [move, grip]) {
        expect(handle.getAttribute('aria-keyshortcuts')).to.equal(
          'ArrowUp ArrowDown ArrowLeft ArrowRight Shift+ArrowUp Shift+ArrowDown Shift+ArrowLeft Shift+ArrowRight',
        );
      }
      const start = box(panel);
      move.focus();
      await sendKeys({ press: 'ArrowLeft' });
      await waitUntil(() => box(panel).x === start.x - 16, 'ArrowLeft: 16 px');
      await shift('ArrowUp');
      await waitUntil(() => box(panel).y === start.y - 64, 'Shift+ArrowUp: 64 px');
      await shift('ArrowLeft');
      await waitUntil(() => box(panel).x === start.x - 80, 'Shift+ArrowLeft: 64 px');
      await sendKeys({ press: 'ArrowDown' });
      await waitUntil(() => box(panel).y === start.y - 48, 'ArrowDown: 16 px');
      expect(box(panel).w).to.equal(start.w);
      expect(el.shadowRoot!.activeElement).to.equal(move);

      const placed = box(panel);
      grip.focus();
      await sendKeys({ press: 'ArrowLeft' });
      await waitUntil(() => box(panel).w === placed.w - 16, 'narrower by 16 px');
      await shift('ArrowUp');
      await waitUntil(() => box(panel).h === placed.h - 64, 'lower by 64 px');
      expect(box(panel).x).to.equal(placed.x);
      expect(box(panel).y).to.equal(placed.y);
      // Wider only up to the viewport's edge.
      const v = viewport();
      for (let i = 0; i < 12; i++) await shift('ArrowRight');
      await waitUntil(() => box(panel).x + box(panel).w === v.w, `up to the edge: ${JSON.stringify(box(panel))}`);
      expect(box(panel).x).to.equal(placed.x);
      // Escape on a handle still closes the popup, focus back on the button.
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !el.open && el.shadowRoot!.activeElement === part(el, 'launcher'), 'closed, focus on the button');

      const ru = await openPopup(newUser(), 'ru');
      expect(part(ru, 'move-handle')!.getAttribute('aria-label')).to.equal('Переместить окно чата');
      expect(part(ru, 'resize-handle')!.getAttribute('aria-label')).to.equal('Изменить размер окна чата');
    });

    it('is kept inside the viewport when the window shrinks, and goes back where the user put it when it grows', async () => {
      const el = await openPopup();
      const panel = panelOf(el);
      part(el, 'move-handle')!.focus();
      await shift('ArrowLeft');
      await waitUntil(() => panel.hasAttribute('data-placed'), 'placed');
      const placed = box(panel);
      try {
        await setViewport({ width: 700, height: 500 });
        await waitUntil(() => viewport().w === 700 && inside(panel), `inside the smaller viewport: ${JSON.stringify(box(panel))}`);
        expect(box(panel).w).to.be.at.most(700);
      } finally {
        await setViewport({ width: 1000, height: 800 });
      }
      await waitUntil(() => JSON.stringify(box(panel)) === JSON.stringify(placed), `back: ${JSON.stringify(box(panel))} vs ${JSON.stringify(placed)}`);
    });

    it('remembers its place and size per user: restored for the same user in a new element, not for another; stored values that do not fit are ignored', async () => {
      const user = newUser();
      const first = await openPopup(user);
      part(first, 'move-handle')!.focus();
      await shift('ArrowLeft');
      await shift('ArrowUp');
      part(first, 'resize-handle')!.focus();
      await shift('ArrowLeft');
      await waitUntil(() => localStorage.getItem(frameKey(user))?.includes('"w"') && box(panelOf(first)).w === 760 - 64, 'moved and resized');
      const kept = box(panelOf(first));
      first.remove();

      const again = await openPopup(user);
      await waitUntil(() => JSON.stringify(box(panelOf(again))) === JSON.stringify(kept), `restored: ${JSON.stringify(box(panelOf(again)))} vs ${JSON.stringify(kept)}`);
      again.remove();

      // Another user: the default place above the button.
      const other = await openPopup();
      expect(panelOf(other).hasAttribute('data-placed')).to.equal(false);
      expect(box(panelOf(other))).not.to.deep.equal(kept);
      other.remove();

      // The user arrives with the welcome, after the element rendered.
      const late = new ChatClient({ url: 'ws://127.0.0.1:9/ws', token: 'unused' });
      const lateEl = await fixture<ChatPanel>(html`<chat-panel lang="en" .client=${late}></chat-panel>`);
      lateEl.show();
      await lateEl.updateComplete;
      expect(panelOf(lateEl).hasAttribute('data-placed')).to.equal(false);
      late.store.update((s) => ({ ...s, me: { kind: 'user', id: user, name: user, rights: ['chats'] } }));
      await waitUntil(() => JSON.stringify(box(panelOf(lateEl))) === JSON.stringify(kept), 'restored once the user is known');
      lateEl.remove();

      // Stored values of another version, of the wrong shape, or not JSON: the default place.
      const bad = [
        JSON.stringify({ v: 0, x: 10, y: 10, w: 400, h: 300 }),
        JSON.stringify({ x: 10, y: 10, w: 400, h: 300 }),
        JSON.stringify({ v: 1, x: '10', y: 10, w: 400, h: 300 }),
        JSON.stringify({ v: 1, x: 10, y: 10, w: 0, h: 300 }),
        JSON.stringify({ v: 1, x: -5, y: 10, w: 400, h: 300 }),
        JSON.stringify({ v: 1, x: 10, y: 10, w: 1e9, h: 300 }),
        JSON.stringify([1, 2, 3]),
        'null',
        '{not json',
      ];
      for (const value of bad) {
        const u = newUser();
        localStorage.setItem(frameKey(u), value);
        const el = await openPopup(u);
        expect(panelOf(el).hasAttribute('data-placed'), value).to.equal(false);
        el.remove();
      }
      // A valid frame that no longer fits (saved on a larger screen) is brought inside.
      const u = newUser();
      localStorage.setItem(frameKey(u), JSON.stringify({ v: 1, x: 5000, y: 5000, w: 3000, h: 400 }));
      const big = await openPopup(u);
      await waitUntil(() => panelOf(big).hasAttribute('data-placed'), 'placed');
      expect(inside(panelOf(big))).to.equal(true);
      expect(box(panelOf(big)).w).to.equal(viewport().w);
      expect(box(panelOf(big)).h).to.equal(400);
    });

    it('passes axe, open with its handles and in section mode', async () => {
      const el = await openPopup();
      await expect(el).to.be.accessible();
      part(el, 'move-handle')!.focus();
      await sendKeys({ press: 'ArrowUp' });
      await waitUntil(() => panelOf(el).hasAttribute('data-placed'), 'placed');
      await expect(el).to.be.accessible();
      el.mode = 'section';
      await el.updateComplete;
      expect(panelOf(el).hasAttribute('data-placed'), 'no position in a section').to.equal(false);
      expect(panelOf(el).style.left).to.equal('');
      await expect(el).to.be.accessible();
    });
  });
});
