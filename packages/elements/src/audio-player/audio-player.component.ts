import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ChatElement } from '../lib/chat-element.js';
import { isolate } from '../lib/bidi.js';
import { emit } from '../lib/events.js';
import { icon } from '../lib/icons.js';
import { LocalizeController } from '../lib/localize.js';
import { tokens } from '../lib/theme.js';
import { defineParts } from '../lib/parts.js';
import { audioPlayerTerms } from './audio-player.i18n.js';
import styles from './audio-player.styles.js';

// Its parts as the elements around it export them (lib/parts.ts): the `@csspart` tags below.
defineParts('chat-audio-player', 'base button slider time error');

/** A triangle (play) and two bars (pause), filled; the player's alone, so they live here. */
const playPath = 'M7 4v16l13-8Z';
const pausePath = 'M6 4h4v16H6ZM14 4h4v16h-4Z';

/** Seconds an arrow key moves the position; Page Up / Page Down move a tenth of the length. */
const SEEK_STEP = 5;

/** Detail of `chat-play`. */
export interface ChatPlayDetail {
  /** The URL that started playing. */
  src: string;
}

/** A position or a length as people read it: `0:07`, `1:05`, `12:00`, `1:02:03` (seconds floored). */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/**
 * @summary A voice message (S-DLG-5): play/pause, a position slider and the time. A leaf: it
 * takes plain properties and never reads the store.
 *
 * It plays through an `<audio preload="metadata">` in its shadow root, so only the file's head is
 * fetched until it plays. The length shows once the metadata is in; a WebM recorded by
 * `MediaRecorder` has none in its head (the browser reports `Infinity`), so until the length is
 * known (from the `duration` property, or once the file has played through) only the elapsed time
 * shows and the slider is disabled. A file that cannot be played says so as text (`role=alert`).
 *
 * Keyboard: the button is a native button (Space or Enter toggles) whose label says what it does,
 * «Воспроизвести» / "Play" or «Пауза» / "Pause"; on the slider (`aria-valuetext` "0:12 of 1:05" /
 * «0:12 из 1:05») ← ↓ and → ↑ seek 5 s back and forth (mirrored in right-to-left text), Page Down
 * / Page Up a tenth, Home / End to the start and the end. The slider keeps the keys it uses to
 * itself: a thread's roving ↑/↓/Home/End does not hear them.
 *
 * One player plays at a time on a page: starting one emits `chat-play`, and every player pauses
 * on a `chat-play` it did not send (heard on the document in the capture phase, so a host that
 * stops the event's propagation does not break it; another kind of player may send it too). A
 * player taken out of the document pauses.
 *
 * @attr src - The file's URL (`<server>/api/files/{id}?t=<file token>`).
 * @attr name - The file's name: the accessible name of the player's group (bidi-isolated).
 * @attr duration - Its length in seconds, when known beforehand; the file's own metadata wins.
 * @attr playing - Present while it plays (read only: reflected for styling).
 *
 * @csspart base - The player (`role=group`, named by `name`).
 * @csspart button - The play/pause button.
 * @csspart slider - The position (`<input type=range>`).
 * @csspart time - The elapsed time, and ` / ` the length once known.
 * @csspart error - "This audio cannot be played", in place of the slider and the time.
 *
 * @cssproperty --chat-audio-accent - Background of the button and colour of the slider.
 * @cssproperty --chat-audio-accent-text - Colour of the button's icon.
 * @cssproperty --chat-audio-button-size - Diameter of the button.
 * @cssproperty --chat-audio-width - Width of the player.
 *
 * @event {{ src: string }} chat-play - It started playing (every other player on the page pauses).
 */
export class ChatAudioPlayer extends ChatElement {
  static override styles = [tokens, styles];

  readonly #l10n = new LocalizeController(this, audioPlayerTerms);

  /** The file's URL. */
  @property() accessor src = '';

  /** The file's name, for the accessible name; rendered as text only. */
  @property() accessor name = '';

  /** The length in seconds if known beforehand (0: unknown); the metadata's own, once finite, wins. */
  @property({ type: Number }) accessor duration = 0;

  @state() private accessor isPlaying = false;
  @state() private accessor elapsed = 0;
  /** What the media reports: NaN before the metadata, Infinity for a WebM without a length. */
  @state() private accessor mediaDuration = Number.NaN;
  @state() private accessor failed = false;

  /** Set while this player announces itself, so it does not pause on its own `chat-play`. */
  #announcing = false;

  get #audio(): HTMLAudioElement | null {
    return this.renderRoot.querySelector('audio');
  }

  /** Whether it is playing (the `playing` attribute reflects it). */
  get playing(): boolean {
    return this.isPlaying;
  }

  /** The length to show: the media's if finite, else the one given, else undefined (unknown). */
  get #total(): number | undefined {
    if (Number.isFinite(this.mediaDuration) && this.mediaDuration > 0) return this.mediaDuration;
    return Number.isFinite(this.duration) && this.duration > 0 ? this.duration : undefined;
  }

  readonly #onOtherPlay = (): void => {
    if (!this.#announcing) this.pause();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.ownerDocument.addEventListener('chat-play', this.#onOtherPlay, true);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.ownerDocument.removeEventListener('chat-play', this.#onOtherPlay, true);
    // A detached <audio> keeps playing, with nothing left on screen to stop it.
    this.pause();
  }

  /** Starts playing. Resolves once started, or at once when the browser refuses (autoplay rules). */
  async play(): Promise<void> {
    await this.updateComplete;
    const audio = this.#audio;
    if (!audio || !this.src || this.failed) return;
    try {
      await audio.play();
    } catch (error) {
      // NotAllowedError (no user gesture yet) and AbortError (paused before it started) leave it
      // paused; an unplayable source also fires `error`, which shows the message.
      if ((error as DOMException).name === 'NotSupportedError') this.failed = true;
    }
  }

  pause(): void {
    this.#audio?.pause();
  }

  /** Plays if paused, pauses if playing. */
  toggle(): void {
    if (this.isPlaying) this.pause();
    else void this.play();
  }

  /** Moves to `seconds`, clamped to the file's length when it is known. */
  seek(seconds: number): void {
    const audio = this.#audio;
    const total = this.#total;
    if (!audio || !Number.isFinite(seconds)) return;
    const to = Math.max(0, total === undefined ? seconds : Math.min(seconds, total));
    audio.currentTime = to;
    this.elapsed = to;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src') && changed.get('src') !== undefined) {
      // A new file: the old one's state goes; the <audio> reloads (and stops) with its new src.
      this.isPlaying = false;
      this.elapsed = 0;
      this.mediaDuration = Number.NaN;
      this.failed = false;
    }
    this.toggleAttribute('playing', this.isPlaying);
  }

  #onSliderKeydown(e: KeyboardEvent): void {
    const total = this.#total;
    if (total === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
    const rtl = getComputedStyle(e.currentTarget as Element).direction === 'rtl';
    const back = rtl ? 'ArrowRight' : 'ArrowLeft';
    const forth = rtl ? 'ArrowLeft' : 'ArrowRight';
    let to: number;
    switch (e.key) {
      case back:
      case 'ArrowDown':
        to = this.elapsed - SEEK_STEP;
        break;
      case forth:
      case 'ArrowUp':
        to = this.elapsed + SEEK_STEP;
        break;
      case 'PageDown':
        to = this.elapsed - total / 10;
        break;
      case 'PageUp':
        to = this.elapsed + total / 10;
        break;
      case 'Home':
        to = 0;
        break;
      case 'End':
        to = total;
        break;
      default:
        return;
    }
    // Ours, not the native range's step nor a roving focus around the player (the thread's ↑/↓).
    e.preventDefault();
    e.stopPropagation();
    this.seek(to);
  }

  #onMedia(e: Event): void {
    const audio = e.currentTarget as HTMLAudioElement;
    switch (e.type) {
      case 'loadedmetadata':
      case 'durationchange':
        this.mediaDuration = audio.duration;
        break;
      case 'timeupdate':
        this.elapsed = audio.currentTime;
        break;
      case 'play':
        this.isPlaying = true;
        this.#announcing = true;
        try {
          emit<ChatPlayDetail>(this, 'chat-play', { src: this.src });
        } finally {
          this.#announcing = false;
        }
        break;
      case 'pause':
        this.isPlaying = false;
        break;
      case 'ended':
        // It stays at the end (a seek there ends it too); playing again starts from the beginning,
        // as media elements do. The length is known by now, a WebM's too.
        this.isPlaying = false;
        this.mediaDuration = audio.duration;
        this.elapsed = audio.currentTime;
        break;
      case 'error':
        this.isPlaying = false;
        this.failed = true;
        break;
    }
  }

  override render() {
    const t = this.#l10n;
    const total = this.#total;
    const elapsed = formatSeconds(this.elapsed);
    const length = total === undefined ? '' : formatSeconds(total);
    const media = (e: Event) => this.#onMedia(e);
    return html`<div part="base" role="group" aria-label=${this.name ? isolate(this.name) : t.term('audio')}>
      <button
        part="button"
        type="button"
        aria-label=${t.term(this.isPlaying ? 'pause' : 'play')}
        ?disabled=${!this.src || this.failed}
        @click=${() => this.toggle()}
      >
        ${icon(this.isPlaying ? pausePath : playPath, true)}
      </button>
      ${this.failed
        ? html`<span part="error" role="alert">${t.term('cannotPlay')}</span>`
        : html`<input
              part="slider"
              type="range"
              min="0"
              max=${total ?? 0}
              step="any"
              .value=${String(this.elapsed)}
              aria-label=${t.term('position')}
              aria-valuetext=${total === undefined ? elapsed : t.term('timeOf', elapsed, length)}
              ?disabled=${total === undefined}
              @input=${(e: Event) => this.seek((e.currentTarget as HTMLInputElement).valueAsNumber)}
              @keydown=${this.#onSliderKeydown}
            /><span part="time" aria-hidden="true">${elapsed}${total === undefined ? nothing : ` / ${length}`}</span>`}
      <audio
        preload="metadata"
        src=${this.src || nothing}
        @loadedmetadata=${media}
        @durationchange=${media}
        @timeupdate=${media}
        @play=${media}
        @pause=${media}
        @ended=${media}
        @error=${media}
      ></audio>
    </div>`;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'chat-play': CustomEvent<ChatPlayDetail>;
  }
}
