import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { part } from '../../test/helpers.js';
import './audio-player.js';
import { formatSeconds, type ChatAudioPlayer } from './audio-player.component.js';

/** `seconds` of silence as a WAV Blob URL: a RIFF header and 8-bit mono PCM at 8 kHz (silence is 128). */
function silentWav(seconds: number): string {
  const rate = 8000;
  const samples = Math.round(rate * seconds);
  const bytes = new ArrayBuffer(44 + samples);
  const view = new DataView(bytes);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // the fmt chunk's size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true); // samples per second
  view.setUint32(28, rate, true); // bytes per second
  view.setUint16(32, 1, true); // bytes per frame
  view.setUint16(34, 8, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, samples, true);
  new Uint8Array(bytes, 44).fill(128);
  return URL.createObjectURL(new Blob([bytes], { type: 'audio/wav' }));
}

const audioOf = (el: ChatAudioPlayer) => el.shadowRoot!.querySelector('audio')!;
const slider = (el: ChatAudioPlayer) => part<HTMLInputElement>(el, 'slider')!;
const button = (el: ChatAudioPlayer) => part<HTMLButtonElement>(el, 'button')!;

async function loaded(el: ChatAudioPlayer): Promise<void> {
  // The media's duration is readable a task before its loadedmetadata event reaches the element.
  await waitUntil(() => Number.isFinite(audioOf(el).duration), 'the metadata loads', { timeout: 5000 });
  await waitUntil(() => slider(el).disabled === false, 'the element takes the length', { timeout: 5000 });
  await el.updateComplete;
}

describe('<chat-audio-player> (S-DLG-5)', () => {
  const short = silentWav(1.5);
  const long = silentWav(12);

  afterEach(() => {
    // Nothing keeps playing into the next test.
    document.querySelectorAll('chat-audio-player').forEach((p) => p.pause());
  });

  it('formats positions and lengths as people read them', () => {
    expect([0, 7.9, 65, 600, 3723, Number.NaN, Infinity, -3].map(formatSeconds)).to.deep.equal(['0:00', '0:07', '1:05', '10:00', '1:02:03', '0:00', '0:00', '0:00']);
  });

  it('shows the length once the metadata loads, with accessible English labels', async () => {
    const el = await fixture<ChatAudioPlayer>(html`<chat-audio-player src=${long} name="voice.wav"></chat-audio-player>`);
    expect(audioOf(el).preload).to.equal('metadata');
    await loaded(el);
    expect(part(el, 'base')!.getAttribute('role')).to.equal('group');
    expect(part(el, 'base')!.getAttribute('aria-label')).to.equal('\u2068voice.wav\u2069');
    expect(button(el).getAttribute('aria-label')).to.equal('Play');
    expect(slider(el).getAttribute('aria-label')).to.equal('Position');
    expect(slider(el).disabled).to.equal(false);
    expect(slider(el).max).to.equal('12');
    expect(slider(el).getAttribute('aria-valuetext')).to.equal('0:00 of 0:12');
    expect(part(el, 'time')!.textContent).to.equal('0:00 / 0:12');
    await expect(el).to.be.accessible();
  });

  it('plays and pauses from the keyboard (Space and Enter), says so on the button and emits chat-play', async () => {
    const el = await fixture<ChatAudioPlayer>(html`<chat-audio-player src=${long} name="voice.wav"></chat-audio-player>`);
    await loaded(el);
    button(el).focus();
    const played = oneEvent(document, 'chat-play');
    await sendKeys({ press: 'Space' });
    const event = await played;
    expect(event.detail).to.deep.equal({ src: long });
    expect(event.bubbles && event.composed).to.equal(true);
    await el.updateComplete;
    expect(el.playing).to.equal(true);
    expect(el.hasAttribute('playing')).to.equal(true);
    expect(button(el).getAttribute('aria-label')).to.equal('Pause');
    await waitUntil(() => audioOf(el).currentTime > 0.3, 'the position moves', { timeout: 5000 });
    await waitUntil(() => Number(slider(el).value) > 0, 'and the slider with it');
    await expect(el).to.be.accessible();

    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !el.playing, 'Enter pauses');
    await el.updateComplete;
    expect(audioOf(el).paused).to.equal(true);
    expect(el.hasAttribute('playing')).to.equal(false);
    expect(button(el).getAttribute('aria-label')).to.equal('Play');
    expect(el.shadowRoot!.activeElement, 'focus stays on the button').to.equal(button(el));

    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.playing, 'Enter plays again');
  });

  it('plays a file through, stops at the end and plays again from the start', async () => {
    const el = await fixture<ChatAudioPlayer>(html`<chat-audio-player src=${short} name="short.wav"></chat-audio-player>`);
    await loaded(el);
    expect(part(el, 'time')!.textContent).to.equal('0:00 / 0:01');
    button(el).focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => el.playing, 'it plays');
    await waitUntil(() => !el.playing, 'it ends', { timeout: 5000 });
    await el.updateComplete;
    expect(slider(el).getAttribute('aria-valuetext')).to.equal('0:01 of 0:01');
    expect(button(el).getAttribute('aria-label')).to.equal('Play');
    await sendKeys({ press: 'Space' });
    await waitUntil(() => el.playing, 'it plays again');
    expect(audioOf(el).currentTime, 'from the start').to.be.below(1);
  });

  it('seeks with the slider: arrows ±5 s, Page Up/Down a tenth, Home and End, and the pointer (input)', async () => {
    const page = await fixture<HTMLDivElement>(html`<div><chat-audio-player src=${long} name="voice.wav"></chat-audio-player></div>`);
    const el = page.querySelector('chat-audio-player')!;
    await loaded(el);
    const heard: string[] = [];
    page.addEventListener('keydown', (e) => heard.push(e.key));
    slider(el).focus();
    const at = async (key: string) => {
      await sendKeys({ press: key });
      await el.updateComplete;
      return [audioOf(el).currentTime, slider(el).getAttribute('aria-valuetext'), part(el, 'time')!.textContent];
    };
    expect(await at('ArrowRight')).to.deep.equal([5, '0:05 of 0:12', '0:05 / 0:12']);
    expect(await at('ArrowUp')).to.deep.equal([10, '0:10 of 0:12', '0:10 / 0:12']);
    expect(await at('ArrowRight'), 'clamped to the end').to.deep.equal([12, '0:12 of 0:12', '0:12 / 0:12']);
    expect(await at('ArrowLeft')).to.deep.equal([7, '0:07 of 0:12', '0:07 / 0:12']);
    expect(await at('ArrowDown')).to.deep.equal([2, '0:02 of 0:12', '0:02 / 0:12']);
    expect(await at('ArrowLeft'), 'clamped to the start').to.deep.equal([0, '0:00 of 0:12', '0:00 / 0:12']);
    expect((await at('PageUp'))[0]).to.be.closeTo(1.2, 1e-9);
    expect(await at('End')).to.deep.equal([12, '0:12 of 0:12', '0:12 / 0:12']);
    expect(await at('Home')).to.deep.equal([0, '0:00 of 0:12', '0:00 / 0:12']);
    expect(heard, 'the slider keeps its keys (a thread around it moves no focus)').to.deep.equal([]);

    slider(el).value = '7.5';
    slider(el).dispatchEvent(new Event('input', { bubbles: true }));
    await el.updateComplete;
    expect(audioOf(el).currentTime).to.equal(7.5);
    expect(slider(el).getAttribute('aria-valuetext')).to.equal('0:07 of 0:12');

    // Seeking while playing goes on playing from there.
    button(el).focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => el.playing, 'it plays');
    slider(el).focus();
    await sendKeys({ press: 'Home' });
    expect(audioOf(el).currentTime).to.be.below(1);
    expect(el.playing).to.equal(true);
  });

  it('speaks Russian', async () => {
    const page = await fixture<HTMLDivElement>(html`<div lang="ru"><chat-audio-player src=${short} name="голос.wav"></chat-audio-player></div>`);
    const el = page.querySelector('chat-audio-player')!;
    await loaded(el);
    expect(button(el).getAttribute('aria-label')).to.equal('Воспроизвести');
    expect(slider(el).getAttribute('aria-label')).to.equal('Позиция');
    expect(slider(el).getAttribute('aria-valuetext')).to.equal('0:00 из 0:01');
    button(el).focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => el.playing, 'it plays');
    await el.updateComplete;
    expect(button(el).getAttribute('aria-label')).to.equal('Пауза');
    await expect(el).to.be.accessible();
  });

  it('plays one at a time on a page: starting one pauses the other', async () => {
    const page = await fixture<HTMLDivElement>(html`<div>
      <chat-audio-player src=${long} name="one.wav"></chat-audio-player>
      <chat-audio-player src=${long} name="two.wav"></chat-audio-player>
    </div>`);
    // A host that stops the event does not break it.
    page.addEventListener('chat-play', (e) => e.stopPropagation());
    const [one, two] = [...page.querySelectorAll('chat-audio-player')] as [ChatAudioPlayer, ChatAudioPlayer];
    await loaded(one);
    await loaded(two);
    button(one).focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => one.playing, 'the first plays');
    button(two).focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => two.playing && !one.playing, 'the second plays, the first paused');
    await one.updateComplete;
    expect(button(one).getAttribute('aria-label')).to.equal('Play');
    expect(audioOf(one).paused).to.equal(true);
    two.remove();
    expect(audioOf(two).paused, 'taken out of the page, it stops').to.equal(true);
  });

  it('says so as text when the file cannot be played', async () => {
    const junk = URL.createObjectURL(new Blob([new Uint8Array(512).fill(7)], { type: 'audio/wav' }));
    const el = await fixture<ChatAudioPlayer>(html`<chat-audio-player src=${junk} name="broken.wav"></chat-audio-player>`);
    await waitUntil(() => part(el, 'error') !== null, 'the error shows', { timeout: 5000 });
    expect(part(el, 'error')!.getAttribute('role')).to.equal('alert');
    expect(part(el, 'error')!.textContent).to.equal('This audio cannot be played');
    expect(button(el).disabled).to.equal(true);
    expect(part(el, 'slider')).to.equal(null);
    await expect(el).to.be.accessible();
    // Another file brings it back.
    el.src = short;
    await loaded(el);
    expect(part(el, 'error')).to.equal(null);
    expect(button(el).disabled).to.equal(false);
  });

  it('shows the elapsed time only while the length is unknown (a WebM without one), or the duration given meanwhile', async () => {
    const el = await fixture<ChatAudioPlayer>(html`<chat-audio-player src=${short} name="voice.webm"></chat-audio-player>`);
    await loaded(el);
    // MediaRecorder's WebM has no length in its head: browsers report Infinity until it has played
    // through. (This Chromium writes one into a finished blob recording, so the test stands the
    // media's Infinity in.)
    const audio = audioOf(el);
    Object.defineProperty(audio, 'duration', { configurable: true, get: () => Infinity });
    audio.dispatchEvent(new Event('durationchange'));
    await el.updateComplete;
    expect(part(el, 'time')!.textContent).to.equal('0:00');
    expect(slider(el).disabled).to.equal(true);
    expect(slider(el).getAttribute('aria-valuetext')).to.equal('0:00');
    await expect(el).to.be.accessible();

    el.duration = 1.5;
    await el.updateComplete;
    expect(part(el, 'time')!.textContent, 'a length known beforehand').to.equal('0:00 / 0:01');
    expect(slider(el).disabled).to.equal(false);
    el.duration = 0;
    await el.updateComplete;
    expect(part(el, 'time')!.textContent).to.equal('0:00');

    button(el).focus();
    await sendKeys({ press: 'Space' });
    await waitUntil(() => el.playing, 'it plays');
    await waitUntil(() => part(el, 'time')!.textContent === '0:01', 'the elapsed time moves on alone', { timeout: 5000 });
    // Played through, the browser knows the length.
    delete (audio as { duration?: number }).duration;
    await waitUntil(() => !el.playing, 'it ends', { timeout: 5000 });
    await el.updateComplete;
    expect(part(el, 'time')!.textContent).to.equal('0:01 / 0:01');
    expect(slider(el).disabled).to.equal(false);
  });

  it('renders the name as text, never as HTML', async () => {
    const name = '<img src=x onerror="window.__pwned=1">.wav';
    const el = await fixture<ChatAudioPlayer>(html`<chat-audio-player src=${short} name=${name}></chat-audio-player>`);
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(part(el, 'base')!.getAttribute('aria-label')).to.equal(`\u2068${name}\u2069`);
  });
});
