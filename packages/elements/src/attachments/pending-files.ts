import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { filesOf, type ChatClientBase } from '@chatdesk/client';
import type { Attachment } from '@chatdesk/protocol';
import { limits } from '@chatdesk/protocol/runtime';
import { refusalOf, type Refusal } from '../lib/errors.js';

/** A file chosen for the next message: uploading, uploaded (with its attachment), or failed (kept for Retry). */
export interface PendingFile {
  key: number;
  file: Blob;
  name: string;
  size: number;
  state: 'uploading' | 'done' | 'failed';
  /** 0..1 while uploading. */
  progress: number;
  attachment?: Attachment;
  error?: Refusal;
  abort?: AbortController;
}

/** Why a choice of files was refused before any upload (S-DLG-9, S-CH-2), worded by the view. */
export type PendingNotice =
  | { kind: 'tooLarge'; total: number }
  | { kind: 'tooMany' }
  | { kind: 'fileTooLarge'; name: string; max: number }
  | { kind: 'kindRefused'; name: string; fileKind: FileKind }
  | null;

export type FileKind = 'image' | 'audio' | 'file';

/**
 * S-CH-2: what the conversation's channel carries (a subset of its `ChannelCapabilities`): the
 * kinds of file and the size of one. Absent (an internal chat, the web channel's own limits): the
 * message limits alone.
 */
export interface FileRules {
  image: boolean;
  audio: boolean;
  file: boolean;
  maxFileBytes: number;
}

/** The kind the server will most likely find in the bytes, guessed from the type the browser gives. */
export function fileKindOf(f: Blob): FileKind {
  return f.type.startsWith('image/') ? 'image' : f.type.startsWith('audio/') ? 'audio' : 'file';
}

/** Uploads running at once; the rest wait their turn. */
const PARALLEL = 3;
let nextKey = 1;

/**
 * The files of the message being written (S-DLG-9), for the composer and the consultant: a
 * choice is refused whole, before any byte is sent, when the files together would pass
 * `limits.maxSendBytes` or `limits.maxAttachments`, or when one of them is of a kind or a size
 * the conversation's channel does not carry (the server refuses those sends too); each accepted file uploads at once with its
 * progress, can be cancelled, and when it fails keeps its File for Retry (no second choosing).
 */
export class PendingFiles implements ReactiveController {
  items: readonly PendingFile[] = [];
  notice: PendingNotice = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => ChatClientBase | undefined,
    private readonly rules: () => FileRules | undefined = () => undefined,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    for (const p of this.items) p.abort?.abort();
  }

  /** Whether any file is still on its way up (the send waits for it). */
  get busy(): boolean {
    return this.items.some((p) => p.state === 'uploading');
  }

  /** The uploaded files, in the order chosen. */
  get ready(): Attachment[] {
    return this.items.flatMap((p) => (p.state === 'done' && p.attachment ? [p.attachment] : []));
  }

  /** Adds a choice (the paperclip, a drop, a paste); false when it was refused whole. */
  add(files: Iterable<Blob>): boolean {
    const chosen = [...files];
    if (chosen.length === 0) return false;
    const kept = this.items.filter((p) => p.state !== 'failed');
    const total = [...kept, ...chosen].reduce((n, f) => n + f.size, 0);
    if (total > limits.maxSendBytes) return this.#refuse({ kind: 'tooLarge', total });
    if (kept.length + chosen.length > limits.maxAttachments) return this.#refuse({ kind: 'tooMany' });
    const rules = this.rules();
    if (rules) {
      for (const f of chosen) {
        const name = (f as File).name || 'file';
        const fileKind = fileKindOf(f);
        if (!rules[fileKind]) return this.#refuse({ kind: 'kindRefused', name, fileKind });
        if (f.size > rules.maxFileBytes) return this.#refuse({ kind: 'fileTooLarge', name, max: rules.maxFileBytes });
      }
    }
    this.notice = null;
    const added = chosen.map((file): PendingFile => ({ key: nextKey++, file, name: (file as File).name || 'file', size: file.size, state: 'uploading', progress: 0 }));
    this.items = [...this.items, ...added];
    this.host.requestUpdate();
    this.#pump();
    return true;
  }

  remove(key: number): void {
    this.items.find((p) => p.key === key)?.abort?.abort();
    this.items = this.items.filter((p) => p.key !== key);
    this.host.requestUpdate();
    this.#pump();
  }

  retry(key: number): void {
    this.#patch(key, { state: 'uploading', progress: 0, error: undefined });
    this.#pump();
  }

  /** After a send: nothing pending any more. */
  clear(): void {
    for (const p of this.items) p.abort?.abort();
    this.items = [];
    this.notice = null;
    this.host.requestUpdate();
  }

  #refuse(notice: PendingNotice): false {
    this.notice = notice;
    this.host.requestUpdate();
    return false;
  }

  #patch(key: number, change: Partial<PendingFile>): void {
    this.items = this.items.map((p) => (p.key === key ? { ...p, ...change } : p));
    this.host.requestUpdate();
  }

  /** Starts waiting uploads while fewer than PARALLEL run. */
  #pump(): void {
    const client = this.client();
    if (!client) return;
    let running = this.items.filter((p) => p.state === 'uploading' && p.abort).length;
    for (const p of this.items) {
      if (running >= PARALLEL) break;
      if (p.state !== 'uploading' || p.abort) continue;
      running++;
      void this.#upload(client, p);
    }
  }

  async #upload(client: ChatClientBase, p: PendingFile): Promise<void> {
    const abort = new AbortController();
    this.#patch(p.key, { abort });
    try {
      const attachment = await filesOf(client).upload(p.file, {
        name: p.name,
        signal: abort.signal,
        onProgress: (sent, total) => this.#patch(p.key, { progress: total > 0 ? sent / total : 0 }),
      });
      if (!abort.signal.aborted) this.#patch(p.key, { state: 'done', progress: 1, attachment, abort: undefined });
    } catch (err) {
      if (!abort.signal.aborted) this.#patch(p.key, { state: 'failed', error: refusalOf(err), abort: undefined });
    }
    this.#pump();
  }
}
