/**
 * Issue 14's "Done when", end to end against the real server the test runner started (no mocks),
 * as a new user would try it: a manager's <chat-panel> and a shop visitor's <chat-consultant> on
 * one page. Three images and a PDF dropped on the consultant show progress, then previews on both
 * sides; a 21 MB choice is refused before any upload; a voice message plays; "show attachments"
 * lists the files; a file in an internal chat works the same way.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { limits } from '@chatdesk/protocol/runtime';
import { assignTo, chatServerUrl, connectAs, connectVisitor, demoTokenUrl, freshVisitorKey, part, parts } from './helpers.js';
import '../src/panel.js';
import '../src/consultant.js';
import type { ChatConsultant, ChatMessage, ChatPanel } from '../src/index.js';

/** A PNG of one colour, drawn by the browser. */
async function png(w: number, h: number, colour: string, name: string): Promise<File> {
  const canvas = new OffscreenCanvas(w, h);
  const g = canvas.getContext('2d')!;
  g.fillStyle = colour;
  g.fillRect(0, 0, w, h);
  return new File([await canvas.convertToBlob({ type: 'image/png' })], name, { type: 'image/png' });
}

const pdf = () => new File(['%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'], 'счёт.pdf', { type: 'application/pdf' });

/** A second of 8 kHz 8-bit silence as a WAV (a voice message's stand-in). */
function wav(): File {
  const data = new Uint8Array(8000).fill(128);
  const b = new DataView(new ArrayBuffer(44 + data.length));
  const str = (o: number, s: string) => [...s].forEach((c, i) => b.setUint8(o + i, c.charCodeAt(0)));
  str(0, 'RIFF'); b.setUint32(4, 36 + data.length, true); str(8, 'WAVE'); str(12, 'fmt ');
  b.setUint32(16, 16, true); b.setUint16(20, 1, true); b.setUint16(22, 1, true); b.setUint32(24, 8000, true);
  b.setUint32(28, 8000, true); b.setUint16(32, 1, true); b.setUint16(34, 8, true); str(36, 'data'); b.setUint32(40, data.length, true);
  new Uint8Array(b.buffer, 44).set(data);
  return new File([b.buffer], 'голосовое.wav', { type: 'audio/wav' });
}

/** What a drag of files from the desktop delivers to `target`. */
function drop(target: Element, files: File[]): void {
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(f);
  target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, composed: true, cancelable: true }));
  target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, composed: true, cancelable: true }));
}

async function mountPanel(user: string): Promise<ChatPanel> {
  const server = await chatServerUrl();
  const panel = await fixture<ChatPanel>(
    html`<chat-panel mode="section" lang="en" style="height: 600px; width: 820px" server=${server} token-url=${demoTokenUrl(user)}></chat-panel>`,
  );
  await waitUntil(() => panel.client?.store.getState().listLoaded, `${user} is in`, { timeout: 5000 });
  return panel;
}

/** `user`'s panel, opened at a conversation from its row in the list. */
async function openInPanel(user: string, conversationId: number): Promise<ChatPanel> {
  const panel = await mountPanel(user);
  const row = () => parts(part(panel, 'conversation-list')!, 'item').find((i) => Number(i.dataset['id']) === conversationId);
  await waitUntil(row, 'the conversation is in the list', { timeout: 5000 });
  row()!.click();
  return panel;
}

const thread = (panel: ChatPanel) => part(panel, 'thread')!;
const bubbleWithFiles = (panel: ChatPanel, n: number) => parts<ChatMessage>(thread(panel), 'message').find((m) => m.attachments.length === n && m.messageId > 0);
/** Every preview <img> in a shadow root has loaded real pixels. */
const loaded = (imgs: HTMLImageElement[], n: number) => imgs.length === n && imgs.every((i) => i.complete && i.naturalWidth > 0);

describe('files end to end (issue 14: S-DLG-9, S-DLG-5, S-DLG-7, S-DLG-14)', () => {
  it('S-DLG-9 S-DLG-5: three images and a PDF dropped on the shop widget upload with progress, then show as previews and a card on both sides; the lightbox moves by keyboard', async () => {
    const server = await chatServerUrl();
    const consultant = await fixture<ChatConsultant>(
      html`<chat-consultant server=${server} storage-key=${freshVisitorKey()} lang="ru" open style="right: 860px"></chat-consultant>`,
    );
    await waitUntil(() => consultant.client?.store.getState().connection === 'open' && part(consultant, 'attach-button'), 'the widget offers the paperclip', { timeout: 5000 });
    expect(part(consultant, 'attach-button')!.getAttribute('aria-label')).to.equal('Прикрепить файлы');
    const files = [await png(400, 300, '#c00', 'red.png'), await png(300, 400, '#0a0', 'green.png'), await png(200, 200, '#00c', 'blue.png'), pdf()];
    drop(part(consultant, 'window')!, files);
    await waitUntil(() => parts(consultant, 'attachment').length === 4, 'the four files are listed', { timeout: 5000 });
    await waitUntil(() => parts(consultant, 'attachment').every((a) => a.dataset['state'] === 'done'), 'all four uploaded', { timeout: 10000 });
    part(consultant, 'textarea')!.focus();
    await sendKeys({ type: 'Фото и счёт' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => consultant.conversationId !== undefined, 'the conversation exists', { timeout: 5000 });
    const conversationId = consultant.conversationId!;
    // The visitor's side: three previews (boxes sized before loading) and a file card.
    await waitUntil(() => loaded(parts<HTMLImageElement>(consultant, 'thumbnail'), 3), 'the visitor sees the previews', { timeout: 5000 });
    expect(parts(consultant, 'file').map((a) => a.textContent)).to.satisfy((t: string[]) => t.length === 1 && t[0]!.includes('счёт.pdf'));

    await assignTo(conversationId, 'anna');
    const panel = await openInPanel('anna', conversationId);
    await waitUntil(() => bubbleWithFiles(panel, 4), 'the manager sees the message with its four files', { timeout: 5000 });
    const bubble = bubbleWithFiles(panel, 4)!;
    await waitUntil(() => loaded(parts<HTMLImageElement>(bubble, 'thumbnail'), 3), 'the manager sees the previews', { timeout: 5000 });
    const boxes = parts(bubble, 'image').map((b) => b.style.aspectRatio.replace(/\s/g, ''));
    expect(boxes).to.deep.equal(['320/240', '240/320', '200/200'], 'each box sized from the server\'s thumbnail size');
    expect(part(bubble, 'file')!.getAttribute('href')).to.match(/\/api\/files\/\d+\?t=/);

    // The lightbox: opened from the second preview, arrows move, Escape closes.
    parts(bubble, 'image')[1]!.click();
    const box = () => thread(panel).shadowRoot!.querySelector('chat-lightbox');
    await waitUntil(() => box()?.open, 'the lightbox opens', { timeout: 5000 });
    expect(box()!.index).to.equal(1);
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => box()?.index === 2, 'ArrowRight shows the next image');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !box(), 'Escape closes it');
  });

  it('S-DLG-9: a 21 MB choice is refused before any upload, with a clear message; the manager\'s own files upload and send', async () => {
    const server = await chatServerUrl();
    const consultant = await fixture<ChatConsultant>(
      html`<chat-consultant server=${server} storage-key=${freshVisitorKey()} lang="en" open style="right: 860px"></chat-consultant>`,
    );
    await waitUntil(() => part(consultant, 'attach-button'), 'the paperclip', { timeout: 5000 });
    part(consultant, 'textarea')!.focus();
    await sendKeys({ type: 'Hello' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => consultant.conversationId !== undefined, 'the conversation exists', { timeout: 5000 });
    await assignTo(consultant.conversationId!, 'anna');
    const panel = await openInPanel('anna', consultant.conversationId!);
    const composer = part(panel, 'composer') as HTMLElement & { addFiles(f: Iterable<Blob>): Promise<boolean>; acceptFiles: boolean };
    await waitUntil(() => composer.acceptFiles && part(composer, 'attach-button'), 'the panel offers the paperclip', { timeout: 5000 });

    const uploads = () => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/files') && (e as PerformanceResourceTiming).initiatorType === 'xmlhttprequest').length;
    const before = uploads();
    const big = new File([new Uint8Array(limits.maxSendBytes + 1024 * 1024)], 'video.mp4');
    expect(await composer.addFiles([big])).to.equal(false);
    await waitUntil(() => part(composer, 'attachment-notice'), 'the refusal is shown');
    expect(part(composer, 'attachment-notice')!.getAttribute('role')).to.equal('alert');
    expect(part(composer, 'attachment-notice')!.textContent).to.contain('at most 20.0 MB');
    expect(uploads()).to.equal(before, 'nothing was uploaded');

    // A voice message and an image from the manager; the visitor's widget plays the voice.
    expect(await composer.addFiles([wav(), await png(50, 50, '#fa0', 'logo.png')])).to.equal(true);
    await waitUntil(() => parts(composer, 'attachment').length === 2 && parts(composer, 'attachment').every((a) => a.dataset['state'] === 'done'), 'both uploaded', { timeout: 10000 });
    expect(part(composer, 'attachment-notice')).to.equal(null, 'the refusal went with the next good choice');
    (part(composer, 'send-button') as HTMLButtonElement).click();
    await waitUntil(() => consultant.shadowRoot!.querySelector('chat-audio-player'), 'the visitor gets the voice message', { timeout: 5000 });
    // The player is a chunk of its own, fetched with the first voice message.
    await customElements.whenDefined('chat-audio-player');
    const player = consultant.shadowRoot!.querySelector('chat-audio-player') as HTMLElement & { play(): Promise<void>; playing: boolean };
    await waitUntil(() => (player as unknown as { src: string }).src.includes('/api/files/'), 'with a file URL');
    await player.play();
    await waitUntil(() => player.playing, 'the voice message plays', { timeout: 5000 });
  });

  it('S-DLG-7: "Show attachments" lists a conversation\'s images and files in two tabs and shows a message in the thread', async () => {
    const visitor = await connectVisitor();
    const f1 = await visitor.files.upload(await png(60, 40, '#123', 'a.png'));
    const f2 = await visitor.files.upload(pdf());
    const m = await visitor.send('Вложения', undefined, { attachments: [f1, f2] });
    await assignTo(m.conversationId, 'anna');
    visitor.close();
    const panel = await openInPanel('anna', m.conversationId);
    await waitUntil(() => bubbleWithFiles(panel, 2), 'the message is shown', { timeout: 5000 });
    const menu = part(panel, 'conversation-menu')!;
    (part(menu, 'button') ?? menu.shadowRoot!.querySelector<HTMLElement>('button'))!.click();
    const item = () => menu.shadowRoot!.querySelector<HTMLElement>('[data-action="attachments"]');
    await waitUntil(item, 'the menu offers Show attachments');
    item()!.click();
    const dialog = () => panel.shadowRoot!.querySelector('chat-attachments-dialog');
    await waitUntil(() => dialog() && parts(dialog()!, 'item').length === 1, 'the images tab lists the image', { timeout: 5000 });
    expect(parts(dialog()!, 'tab').map((t) => t.getAttribute('aria-selected'))).to.deep.equal(['true', 'false']);
    parts(dialog()!, 'tab')[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await waitUntil(() => parts(dialog()!, 'file').length === 1, 'ArrowRight: the files tab lists the PDF', { timeout: 5000 });
    expect(parts(dialog()!, 'file')[0]!.textContent).to.contain('счёт.pdf');
    part(dialog()!, 'show-button')!.click();
    await waitUntil(() => !dialog(), 'the dialog closes');
  });

  it('S-DLG-14: a file in an internal chat is sent and shown the same way', async () => {
    const anna = await connectAs('anna');
    const chat = await anna.createInternalChat(['boris']);
    const f = await anna.files.upload(await png(80, 60, '#909', 'схема.png'));
    await anna.send('', -chat.id, { attachments: [f] });
    anna.close();
    const boris = await connectAs('boris');
    await boris.openThread(-chat.id);
    const got = boris.state.threads[-chat.id]!.messages.at(-1)!;
    expect(got.attachments?.map((a) => [a.name, a.kind])).to.deep.equal([['схема.png', 'image']]);
    await boris.files.token();
    const res = await fetch(boris.files.url(f.id, 'thumb')!);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('image/webp');
    boris.close();
  });

  it('S-DLG-5: the lightbox moves through every image of the conversation, also those on pages the thread has not loaded', async function () {
    // Over a page of messages to send first (a slow database, a busy machine).
    this.timeout(30_000);
    const visitor = await connectVisitor();
    const old = await visitor.files.upload(await png(40, 30, '#070', 'старое.png'));
    const first = await visitor.send('Первое фото', undefined, { attachments: [old] });
    // Sent together: the outbox keeps their order, the server commits them in groups.
    await Promise.all(Array.from({ length: 55 }, (_, i) => visitor.send(`сообщение ${i}`, first.conversationId)));
    const fresh = await visitor.files.upload(await png(30, 40, '#700', 'новое.png'));
    await visitor.send('Второе фото', first.conversationId, { attachments: [fresh] });
    await assignTo(first.conversationId, 'anna');
    visitor.close();
    // Read already: the thread opens at its end with only the newest page loaded.
    const anna = await connectAs('anna');
    await anna.call('conversations.markRead', { conversationId: first.conversationId });
    anna.close();
    const panel = await openInPanel('anna', first.conversationId);
    await waitUntil(() => bubbleWithFiles(panel, 1), 'the newest photo is shown', { timeout: 5000 });
    expect(panel.client!.state.threads[first.conversationId]!.hasMore, 'older pages not loaded').to.equal(true);
    await waitUntil(() => part(bubbleWithFiles(panel, 1)!, 'image'), 'its preview');
    part(bubbleWithFiles(panel, 1)!, 'image')!.click();
    const box = () => thread(panel).shadowRoot!.querySelector('chat-lightbox');
    await waitUntil(() => box()?.open, 'the lightbox opens', { timeout: 5000 });
    expect(box()!.images.map((i) => i.name)).to.deep.equal(['старое.png', 'новое.png']);
    expect(box()!.index).to.equal(1);
    await sendKeys({ press: 'ArrowLeft' });
    await waitUntil(() => box()?.index === 0, 'ArrowLeft reaches the photo of an unloaded page');
    await sendKeys({ press: 'Escape' });
  });
});
