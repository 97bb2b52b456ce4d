import { css, html, nothing } from 'lit';
import type { ChatClientBase, OutboxItem } from '@chatdesk/client';
import type { Attachment, Message } from '@chatdesk/protocol';
import type { TermsOf } from '../i18n/en.js';
import { bidiText, isolate } from '../lib/bidi.js';
import { checkPath, clockPath, icon } from '../lib/icons.js';
import { linked } from '../lib/links.js';
import type { LocalizeController } from '../lib/localize.js';
import { cardsUi, loadCardsUi } from '../message-cards/load.js';
import type { ConsultantTerms } from './consultant.en.js';

/**
 * The consultant's conversation as the visitor reads it: a chunk fetched when the window first
 * opens (with the links in texts), so a page that shows only the launcher downloads none of it.
 */
export interface LogContext {
  t: LocalizeController<TermsOf<ConsultantTerms>>;
  lang: string;
  client: ChatClientBase | undefined;
  /** A message's files (the files' chunk), when it is in. */
  files: ((attachments: readonly Attachment[] | undefined) => unknown) | undefined;
}

// Intl instead of date-fns here: this goes on every shop page and must stay small.
const clocks = new Map<string, Intl.DateTimeFormat>();
function clock(ts: number, lang: string): string {
  let f = clocks.get(lang);
  if (!f) clocks.set(lang, (f = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' })));
  return f.format(ts);
}

/** The messages and the visitor's sends still on their way. */
export function renderLog(c: LogContext, messages: readonly Message[], pending: readonly OutboxItem[]) {
  const { t } = c;
  return html`${messages.map((m) => (m.system ? notice(c, m) : message(c, m)))}
    ${pending.map(
      (o) => html`<div part="message outgoing pending${o.state === 'failed' ? ' failed' : ''}">
        <p part="text" dir="auto">${linked(o.text)}</p>
        ${c.files?.(o.attachments)}
        <span part="meta"
          >${o.state === 'failed'
            ? // Neutral and in the visitor's language: whatever the server said (a refusal
              // looks the same whether or not they are blocked) is not for the shop's visitor.
              html`${t.term('failed')}
                <button part="retry-button" type="button" @click=${() => c.client?.retry(o.clientMessageId).catch(() => undefined)}>
                  ${t.term('retry')}
                </button>`
            : html`<span part="status pending" role="img" aria-label=${t.term(o.state === 'sending' ? 'sending' : 'queued')}
                >${icon(clockPath)}</span
              >`}</span
        >
      </div>`,
    )}`;
}

/**
 * A system event (S-DLG-5) in the visitor's language: the server's own text is for staff. The
 * opening and an unassignment say nothing a visitor needs.
 */
function notice({ t }: LogContext, m: Message) {
  const { type, to } = m.system!;
  const text =
    type === 'closed' || type === 'autoClosed'
      ? t.term('closedNotice')
      : type === 'reopened'
        ? t.term('reopenedNotice')
        : to && (type === 'assigned' || type === 'reassigned')
          ? t.term('answering', isolate(to.name))
          : '';
  return text ? html`<p part="notice" data-message-id=${m.id}>${bidiText(text)}</p>` : nothing;
}

function message(c: LogContext, m: Message) {
  const { t } = c;
  const mine = m.author.kind === 'customer';
  const quote = m.replyTo;
  return html`<div part="message ${mine ? 'outgoing' : 'incoming'}${m.deletedAt ? ' deleted' : ''}" data-message-id=${m.id}>
    ${mine ? nothing : html`<span part="author"><bdi>${m.author.name}</bdi></span>`}
    ${quote
      ? html`<blockquote part="quote" aria-label=${t.term('replyTo')}>
          <span part="quote-author"><bdi>${quote.author.kind === 'customer' ? t.term('you') : quote.author.name}</bdi></span
          ><bdi>${quote.deleted ? t.term('deleted') : quote.text}</bdi>
        </blockquote>`
      : nothing}
    ${cards(c, m) ?? html`<p part="text" dir="auto">${m.deletedAt ? t.term('deleted') : linked(m.text)}</p>`}
    ${m.deletedAt ? nothing : c.files?.(m.attachments)}
    <span part="meta"
      ><time part="time" datetime=${new Date(m.createdAt).toISOString()}>${clock(m.createdAt, c.lang)}</time>
      ${m.editedAt && !m.deletedAt ? html`<span part="edited">${t.term('edited')}</span>` : nothing}
      ${mine ? html`<span part="status sent" role="img" aria-label=${t.term('sent')}>${icon(checkPath)}</span>` : nothing}</span
    >
  </div>`;
}

/**
 * S-W-PROD, S-W-ORD: a message's product or order cards in place of its text (their plain-text
 * fallback), from a chunk of their own fetched with the first such message (message-cards/);
 * undefined until it and the terms are in, and then the window renders again.
 */
function cards({ t }: LogContext, m: Message) {
  if (!m.cards?.length || m.deletedAt) return undefined;
  const ui = cardsUi();
  if (ui) return ui.renderCards(t.host, m.cards);
  void loadCardsUi().then(() => t.host.requestUpdate(), () => undefined);
  return undefined;
}

/** S-SET-5's notice, with its styles adopted on first use (both in this chunk, off the start-up path). */
const privacyStyles = css`
  [part~='privacy'] {
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: 8px 12px;
    border-top: 1px solid var(--_border);
    font-size: 0.875em;
  }
  [part~='privacy-text'] {
    margin: 0;
    white-space: pre-wrap;
  }
  [part~='privacy-agree'] {
    align-self: flex-start;
    font: inherit;
  }
`;
const adopted = new WeakSet<ShadowRoot>();
/** Its words, here rather than in the start-up terms: most visitors are never asked. */
const privacyWords = {
  en: { title: 'Privacy policy', link: 'Read the privacy policy', agree: 'I agree' },
  ru: { title: 'Политика конфиденциальности', link: 'Политика конфиденциальности', agree: 'Согласен' },
};

/** Agrees as the visitor (privacy.accept), then the field takes focus; a refusal leaves the notice. */
function agree(root: ShadowRoot, client: ChatClientBase | undefined, version: string): void {
  client
    ?.call('privacy.accept', { version })
    .then(({ acceptedAt }) => {
      client.store.update((s) => (s.privacy ? { ...s, privacy: { ...s.privacy, acceptedAt } } : s));
      (root.host as HTMLElement & { requestUpdate(): void }).requestUpdate();
      root.querySelector<HTMLElement>('[part~="textarea"]')?.focus();
    })
    .catch(() => undefined);
}

/** The policy's text (as text), its link (http or https only, a new tab without opener) and the explicit Agree. */
export function renderPrivacy(root: ShadowRoot, t: LogContext['t'], client: ChatClientBase | undefined, p: { text: string; link: string; version: string }) {
  if (!adopted.has(root) && privacyStyles.styleSheet) {
    adopted.add(root);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, privacyStyles.styleSheet];
  }
  const w = t.lang() === 'ru' ? privacyWords.ru : privacyWords.en;
  return html`<div part="privacy" role="group" aria-label=${w.title}>
    <p part="privacy-text">${p.text}</p>
    ${/^https?:\/\//i.test(p.link) ? html`<a part="privacy-link" href=${p.link} target="_blank" rel="noopener noreferrer">${w.link}</a>` : nothing}
    <button part="privacy-agree" type="button" @click=${() => agree(root, client, p.version)}>${w.agree}</button>
  </div>`;
}
