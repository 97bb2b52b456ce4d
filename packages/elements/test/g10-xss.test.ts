/**
 * G10 of the reliability suite (issue 3): no script injection. 240 XSS payloads, sent by real
 * visitors through the real server as message bodies and as their names, rendered by <chat-panel>
 * in Chromium, and by <chat-consultant> as the visitor's own messages: nothing executes, and no
 * `on*` or `javascript:` attribute appears anywhere in the shadow trees. Message text stays text:
 * its only elements are the links the tokenizer builds (issue 10: `<a part="link">` whose `href`
 * is http(s), mailto or tel, with `rel="noopener noreferrer"`) and, in system notices, `<bdi>`.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ChatClient } from '@chatdesk/client';
import { chatServerUrl, demoTokenUrl, part, parts, freshVisitorKey } from './helpers.js';
import '../src/panel.js';
import '../src/consultant.js';
import type { ChatPanel } from '../src/index.js';
import type { ChatConsultant } from '../src/consultant/consultant.component.js';

const bases = [
  '<script>window.__xss++</script>',
  '<img src=x onerror=window.__xss++>',
  '<svg onload=window.__xss++>',
  '<svg><script>window.__xss++</script></svg>',
  '<iframe src="javascript:window.parent.__xss++"></iframe>',
  '<a href="javascript:window.__xss++">click</a>',
  '<body onload=window.__xss++>',
  '<details open ontoggle=window.__xss++>',
  '<video><source onerror=window.__xss++></video>',
  '<audio src=x onerror=window.__xss++>',
  '<math><mtext><img src=x onerror=window.__xss++></mtext></math>',
  '"><img src=x onerror=window.__xss++>',
  "'><svg/onload=window.__xss++>",
  '</textarea><script>window.__xss++</script>',
  '</style><script>window.__xss++</script>',
  '<input autofocus onfocus=window.__xss++>',
  '<marquee onstart=window.__xss++>',
  '<object data="javascript:window.__xss++">',
  '<embed src="javascript:window.__xss++">',
  '<form><button formaction=javascript:window.__xss++>x</button></form>',
  '<img src="x:x" onerror="window[\'__x\'+\'ss\']++">',
  '<IMG SRC=JaVaScRiPt:window.__xss++>',
  '<img src=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__xss++>',
  '<div style="background:url(javascript:window.__xss++)">x</div>',
  '{{constructor.constructor("window.__xss++")()}}',
  '${window.__xss++}',
  '<template><img src=x onerror=window.__xss++></template>',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss++>">',
  '<!--<img src="--><img src=x onerror=window.__xss++//">',
  'javascript:window.__xss++',
  'data:text/html,<script>window.__xss++</script>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__xss++">',
  '<base href="javascript:window.__xss++//">',
  '<svg><animate onbegin=window.__xss++ attributeName=x dur=1s>',
  '<svg><a xlink:href="javascript:window.__xss++"><text x=20 y=20>x</text></a></svg>',
  '<style>@import "javascript:window.__xss++";</style>',
  '<x onclick=window.__xss++ contenteditable>click</x>',
  '<!--?lit$1234$--><img src=x onerror=window.__xss++>',
  '<img src=x onerror=window.__xss++ part="text">',
  '\u202e<img src=x onerror=window.__xss++>\u202c',
  // Issue 10: text that becomes links must not carry markup or another scheme with it.
  'https://shop.example/"><img src=x onerror=window.__xss++>',
  'javascript:window.__xss++//https://shop.example/',
  'http://shop.example/?q=<script>window.__xss++</script>',
  'https://shop.example/" onmouseover="window.__xss++" x="',
  '[click](javascript:window.__xss++) https://shop.example/a_(b)',
  'mailto:<script>window.__xss++</script>@shop.example anna@shop.example?subject=<svg/onload=window.__xss++>',
  'tel:javascript:window.__xss++ +7 (999) <img src=x onerror=window.__xss++> 123-45-67',
  'Пишите anna@shop.example или +7 (999) 123-45-67, каталог https://shop.example/catalog.',
];
const variants: Array<(p: string) => string> = [
  (p) => p,
  (p) => `Здравствуйте! ${p} спасибо`,
  (p) => p.toUpperCase().replace('WINDOW.__XSS', 'window.__xss'),
  (p) => p.replace(/ /g, '\n'),
  (p) => p.replace(/</g, '&lt;').replace(/>/g, '&gt;') + p,
];
const payloads = variants.flatMap((variant) => bases.map(variant));

function deepElements(root: ParentNode, out: Element[] = []): Element[] {
  for (const el of root.querySelectorAll('*')) {
    out.push(el);
    if (el.shadowRoot) deepElements(el.shadowRoot, out);
  }
  return out;
}

/** Links may only be the tokenizer's: an http(s), mailto or tel `href`, no opener, no referrer. */
const SAFE_HREF = /^(https?:\/\/|mailto:|tel:\+?\d+$)/;

const URL_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'background', 'ping', 'cite', 'manifest']);

function violations(host: Element): string[] {
  const found: string[] = [];
  for (const el of [host, ...deepElements(host.shadowRoot!)]) {
    if (el.localName === 'a') {
      const href = el.getAttribute('href') ?? '';
      if (!SAFE_HREF.test(href)) found.push(`<a href="${href.slice(0, 30)}">`);
      if (el.getAttribute('rel') !== 'noopener noreferrer') found.push(`<a rel="${el.getAttribute('rel')}">`);
      if (!el.matches('[part~="link"]')) found.push('<a> that is not a message link');
    }
    for (const attr of el.attributes) {
      if (attr.name.toLowerCase().startsWith('on')) found.push(`<${el.localName} ${attr.name}>`);
      // Only attributes a browser follows as URLs can run a scheme; user text in an aria-label is inert.
      if (URL_ATTRIBUTES.has(attr.name.toLowerCase()) && /^\s*(javascript|data|vbscript):/i.test(attr.value)) {
        found.push(`<${el.localName} ${attr.name}="${attr.value.slice(0, 30)}">`);
      }
      if (attr.name.toLowerCase() === 'srcdoc' || (attr.name.toLowerCase() === 'style' && /url\(|expression\(/i.test(attr.value))) found.push(`<${el.localName} ${attr.name}>`);
    }
    if (['script', 'iframe', 'object', 'embed', 'img', 'video', 'audio', 'math', 'base', 'meta', 'form', 'template', 'noscript', 'marquee', 'details'].includes(el.localName)) {
      found.push(`<${el.localName}> element`);
    }
  }
  return found;
}

describe('G10: no script injection from visitor text', () => {
  it('the detector itself sees markup injected as HTML (control)', () => {
    const host = document.createElement('div');
    host.attachShadow({ mode: 'open' }).innerHTML = '<p><img src=x onerror="void 0"><a href="javascript:void 0">x</a></p>';
    expect(violations(host)).to.have.length.of.at.least(3);
  });

  it('240 payloads in message bodies and visitor names render as text, with links only of http(s), mailto and tel', async function () {
    this.timeout(60_000);
    expect(payloads.length).to.equal(240);
    const w = window as unknown as { __xss: number; alert: (m?: unknown) => void };
    w.__xss = 0;
    const realAlert = window.alert;
    w.alert = () => void w.__xss++;
    const server = await chatServerUrl();
    const wsUrl = `${server.replace(/^http/, 'ws')}/ws`;
    const visitors = 20;
    const perVisitor = payloads.length / visitors;
    const sent: number[] = [];
    for (let i = 0; i < visitors; i++) {
      const name = payloads[i * 7]!.slice(0, 100);
      const res = await fetch(`${server}/api/visitor/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      expect(res.status, await res.clone().text()).to.equal(200);
      const { token } = (await res.json()) as { token: string };
      const client = new ChatClient({ url: wsUrl, token });
      client.connect();
      for (let k = 0; k < perVisitor; k++) {
        const m = await client.send(payloads[i * perVisitor + k]!);
        if (k === 0) sent.push(m.conversationId);
      }
      client.close();
    }

    const panel = await fixture<ChatPanel>(html`<chat-panel mode="section" server=${server} token-url=${demoTokenUrl('olga')}></chat-panel>`);
    const list = part(panel, 'conversation-list')!;
    await waitUntil(() => sent.every((id) => panel.client?.store.getState().conversations[id]), 'the list shows every visitor', { timeout: 10_000 });
    const thread = part(panel, 'thread')!;
    let rendered = 0;
    const links: string[] = [];
    for (const id of sent) {
      const item = parts(list, 'item').find((i) => Number(i.dataset['id']) === id)!;
      item.click();
      const ids = () => new Set(panel.client!.store.getState().threads[id]?.messages.map((m) => String(m.id)) ?? []);
      await waitUntil(
        () => {
          const shown = parts(thread, 'message');
          const mine = ids();
          return shown.length >= perVisitor && shown.every((m) => mine.has(m.dataset['messageId'] ?? ''));
        },
        `conversation ${id} renders`,
        { timeout: 5_000 },
      );
      await (thread as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      const texts = parts(thread, 'message').map((m) => m.shadowRoot!.querySelector('[part~="text"]')!);
      for (const t of texts) {
        for (const child of t.children) expect(child.matches('a[part~="link"], bdi'), `<${child.localName}> in a message text`).to.equal(true);
        for (const a of t.querySelectorAll('a')) links.push(a.getAttribute('href')!);
      }
      rendered += texts.length;
      expect(violations(panel)).to.deep.equal([]);
    }
    await new Promise((r) => setTimeout(r, 300)); // give any injected handler its chance to run
    window.alert = realAlert;
    expect(rendered).to.be.at.least(payloads.length);
    expect(w.__xss, 'injected code ran').to.equal(0);
    expect(violations(panel)).to.deep.equal([]);
    // The plain ones did become links (and nothing of the hostile ones beyond their http(s) part).
    expect(links).to.include.members(['mailto:anna@shop.example', 'tel:+79991234567', 'https://shop.example/catalog', 'https://shop.example/a_(b)']);
    expect(links.every((href) => SAFE_HREF.test(href))).to.equal(true);
  });

  it('the consultant renders the same payloads (the visitor\'s own messages) as text with safe links', async function () {
    this.timeout(60_000);
    const w = window as unknown as { __xss: number };
    w.__xss = 0;
    const server = await chatServerUrl();
    const el = await fixture<ChatConsultant>(html`<chat-consultant server=${server} storage-key=${freshVisitorKey()} open></chat-consultant>`);
    await waitUntil(() => el.client?.store.getState().connection === 'open', 'the consultant connects', { timeout: 5000 });
    // One message per base payload (the variants change nothing the consultant renders differently).
    for (const p of bases) await el.client!.send(p);
    await waitUntil(() => parts(el, 'message').filter((m) => !m.matches('[part~="pending"]')).length >= bases.length, 'all stored and shown', {
      timeout: 10_000,
    });
    await el.updateComplete;
    for (const t of parts(el, 'text')) {
      for (const child of t.children) expect(child.matches('a[part~="link"]'), `<${child.localName}> in a message text`).to.equal(true);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(w.__xss, 'injected code ran').to.equal(0);
    expect(violations(el)).to.deep.equal([]);
    const hrefs = [...el.shadowRoot!.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).to.include.members(['mailto:anna@shop.example', 'tel:+79991234567', 'https://shop.example/catalog']);
    el.client!.close();
  });
});
