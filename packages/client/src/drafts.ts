import { ChatError, type ErrorCode, type Result } from '@chatdesk/protocol';
import { applyDraft, applyDrafts } from './apply.js';
import type { ClientHost } from './host.js';

/** S-DLG-8: a draft is saved this long after the last keystroke. */
const DRAFT_SAVE_MS = 800;

/** A local draft not yet saved (or being saved): it wins over the server's echoes of older saves. */
interface DraftEntry {
  text: string;
  timer: ReturnType<typeof setTimeout> | undefined;
  saving: number;
}

/**
 * S-DLG-8: the manager's drafts. A change shows at once and is saved once typing stops; a save
 * the server could not take now (`transient`) waits for the next welcome; echoes of older saves
 * never overwrite what was typed since.
 */
export class Drafts {
  readonly #entries = new Map<number, DraftEntry>();

  constructor(
    private readonly host: ClientHost,
    private readonly transient: ReadonlySet<ErrorCode>,
  ) {}

  /** Shows the draft at once and saves it ~800 ms after the last change; '' clears it. */
  set(conversationId: number, text: string): void {
    let entry = this.#entries.get(conversationId);
    if (!entry && (this.host.store.getState().drafts[conversationId]?.text ?? '') === text) return;
    if (!entry) this.#entries.set(conversationId, (entry = { text, timer: undefined, saving: 0 }));
    entry.text = text;
    const draft = text.trim() ? { conversationId, text, updatedAt: Date.now() } : null;
    this.host.store.update((s) => applyDraft(s, conversationId, draft));
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => void this.#save(conversationId), DRAFT_SAVE_MS);
  }

  /** Saves every changed draft now (the page is going away, a welcome came, a test wants it stored). */
  async flush(): Promise<void> {
    const ids = [...this.#entries].filter(([, e]) => e.timer !== undefined || e.saving === 0).map(([id]) => id);
    await Promise.all(ids.map((id) => this.#save(id)));
  }

  /** The server's drafts (a fresh welcome), with the local unsaved ones on top. */
  async load(): Promise<void> {
    const { drafts } = await this.host.call('drafts.list', {});
    this.host.store.update((s) => {
      let next = applyDrafts(s, drafts);
      for (const [id, e] of this.#entries) next = applyDraft(next, id, e.text.trim() ? { conversationId: id, text: e.text, updatedAt: Date.now() } : null);
      return next;
    });
  }

  /** A local draft of this conversation is on its way: the server's `draft.changed` echo is older. */
  pending(conversationId: number): boolean {
    return this.#entries.has(conversationId);
  }

  /** The send the draft was for went out: the server drops it with the send. */
  sent(conversationId: number): void {
    clearTimeout(this.#entries.get(conversationId)?.timer);
    this.#entries.delete(conversationId);
    this.host.store.update((s) => applyDraft(s, conversationId, null));
  }

  /** The client closes: unsaved drafts wait in memory for a later connect (its welcome saves them). */
  pause(): void {
    for (const entry of this.#entries.values()) entry.timer = void clearTimeout(entry.timer);
  }

  async #save(conversationId: number): Promise<void> {
    const entry = this.#entries.get(conversationId);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    const { text } = entry;
    entry.saving++;
    let draft: Result<'drafts.set'>['draft'];
    try {
      ({ draft } = await this.host.call('drafts.set', { conversationId, text }));
    } catch (error) {
      entry.saving--;
      // Kept when the server could not take it now: the next welcome saves it again.
      if (!(error instanceof ChatError && this.transient.has(error.code)) && entry.saving === 0 && !entry.timer) this.#forget(conversationId, entry);
      return;
    }
    entry.saving--;
    // A newer text is on its way, or a send replaced the draft meanwhile.
    if (entry.saving > 0 || entry.timer || entry.text !== text || !this.#forget(conversationId, entry)) return;
    this.host.store.update((s) => applyDraft(s, conversationId, draft));
  }

  #forget(conversationId: number, entry: DraftEntry): boolean {
    return this.#entries.get(conversationId) === entry && this.#entries.delete(conversationId);
  }
}
