import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { part } from '../../test/helpers.js';
import './lightbox.js';
import type { ChatLightbox, ChatLightboxIndexDetail, LightboxImage } from './lightbox.component.js';

/** A PNG of one colour as a data URL (small: its `width`/`height` below are what the viewer sizes by). */
function png(colour: string, width = 16, height = 9): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  g.fillStyle = colour;
  g.fillRect(0, 0, width, height);
  return canvas.toDataURL('image/png');
}

/** A URL that never gives an image (a revoked Blob URL): what the box looks like before one loads. */
function gone(): string {
  const url = URL.createObjectURL(new Blob(['']));
  URL.revokeObjectURL(url);
  return url;
}

const images: LightboxImage[] = [
  { src: png('red'), thumb: png('pink', 4, 2), name: 'first.png', width: 1600, height: 900 },
  { src: png('green', 3, 4), name: 'second.png', width: 300, height: 400 },
  { src: png('blue', 10, 10), name: 'third.png' },
];

const dialogOf = (el: ChatLightbox) => part<HTMLDialogElement>(el, 'dialog')!;
const focused = (el: ChatLightbox) => (el.shadowRoot as ShadowRoot).activeElement;
const caption = (el: ChatLightbox) => part(el, 'caption')!.textContent!.replace(/\s+/g, ' ').trim();

/** A page with a button that opens the viewer, as a thread's image does. */
async function page(lang = 'en', index = 0) {
  const wrapper = await fixture<HTMLDivElement>(html`<div lang=${lang}>
    <button id="opener" type="button">open</button>
    <chat-lightbox .images=${images} index=${index}></chat-lightbox>
  </div>`);
  const el = wrapper.querySelector('chat-lightbox')!;
  const opener = wrapper.querySelector<HTMLButtonElement>('#opener')!;
  opener.addEventListener('click', () => (el.open = true));
  opener.focus();
  return { wrapper, el, opener };
}

async function openFrom(opener: HTMLButtonElement, el: ChatLightbox): Promise<void> {
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
  expect(document.activeElement).not.to.equal(opener);
}

describe('<chat-lightbox> (S-DLG-5)', () => {
  it('opens as a modal dialog with focus inside, captioned in English, and is accessible', async () => {
    const { el, opener } = await page();
    expect(dialogOf(el).open).to.equal(false);
    await openFrom(opener, el);
    expect(el.hasAttribute('open')).to.equal(true);
    expect(dialogOf(el).matches(':modal')).to.equal(true);
    expect(dialogOf(el).getAttribute('aria-label')).to.equal('Image viewer');
    expect(focused(el), 'focus starts on Close').to.equal(part(el, 'close'));
    expect(caption(el)).to.equal('first.png 1 / 3');
    expect(part(el, 'caption')!.getAttribute('aria-live')).to.equal('polite');
    expect(part(el, 'prev')!.getAttribute('aria-label')).to.equal('Previous image');
    expect(part(el, 'next')!.getAttribute('aria-label')).to.equal('Next image');
    expect(part(el, 'close')!.getAttribute('aria-label')).to.equal('Close');
    expect(part(el, 'download')!.getAttribute('aria-label')).to.equal('Download');
    expect(part<HTMLButtonElement>(el, 'prev')!.disabled, 'at the start').to.equal(true);
    expect(part<HTMLButtonElement>(el, 'next')!.disabled).to.equal(false);
    const img = part<HTMLImageElement>(el, 'image')!;
    expect(img.alt).to.equal('first.png');
    expect(img.src).to.equal(images[0]!.src);
    const download = part<HTMLAnchorElement>(el, 'download')!;
    expect(download.getAttribute('href')).to.equal(images[0]!.src);
    expect(download.getAttribute('download')).to.equal('first.png');
    await expect(el).to.be.accessible();
  });

  it('moves with ← and →, Home and End, stops at the ends and tells the host', async () => {
    const { el, opener } = await page();
    await openFrom(opener, el);
    const moves: number[] = [];
    el.addEventListener('chat-lightbox-index', (e) => moves.push(e.detail.index));
    const press = async (key: string) => {
      await sendKeys({ press: key });
      await el.updateComplete;
      return [el.index, caption(el)];
    };
    expect(await press('ArrowRight')).to.deep.equal([1, 'second.png 2 / 3']);
    expect(await press('ArrowRight')).to.deep.equal([2, 'third.png 3 / 3']);
    expect(part<HTMLButtonElement>(el, 'next')!.disabled, 'at the end').to.equal(true);
    expect(part<HTMLButtonElement>(el, 'prev')!.disabled).to.equal(false);
    expect(await press('ArrowRight'), 'no further').to.deep.equal([2, 'third.png 3 / 3']);
    expect(await press('ArrowLeft')).to.deep.equal([1, 'second.png 2 / 3']);
    expect(await press('Home')).to.deep.equal([0, 'first.png 1 / 3']);
    expect(await press('ArrowLeft'), 'no further back').to.deep.equal([0, 'first.png 1 / 3']);
    expect(await press('End')).to.deep.equal([2, 'third.png 3 / 3']);
    expect(moves).to.deep.equal([1, 2, 1, 0, 2]);
    expect(dialogOf(el).open, 'the keys leave it open').to.equal(true);
  });

  it('moves with the Previous and Next buttons; focus leaves a button that the end disables for the other', async () => {
    const { el, opener } = await page();
    await openFrom(opener, el);
    part(el, 'next')!.focus();
    const next = oneEvent(el, 'chat-lightbox-index');
    await sendKeys({ press: 'Enter' });
    const event = await next;
    expect(event.detail).to.deep.equal({ index: 1 } satisfies ChatLightboxIndexDetail);
    expect(event.bubbles && event.composed).to.equal(true);
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    await el.updateComplete;
    expect(el.index).to.equal(2);
    expect(focused(el), 'the disabled Next handed focus to Previous').to.equal(part(el, 'prev'));
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.index).to.equal(1);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await el.updateComplete;
    expect(el.index).to.equal(0);
    expect(focused(el)).to.equal(part(el, 'next'));
  });

  it('closes on Escape (and only it hears the key), tells the host, and gives focus back to the opener', async () => {
    const { wrapper, el, opener } = await page();
    const heard: string[] = [];
    wrapper.addEventListener('keydown', (e) => heard.push(e.key));
    await openFrom(opener, el);
    await sendKeys({ press: 'ArrowRight' });
    heard.length = 0;
    const closed = oneEvent(el, 'chat-lightbox-close');
    await sendKeys({ press: 'Escape' });
    expect((await closed).detail).to.deep.equal({ index: 1 });
    expect(el.open).to.equal(false);
    expect(el.hasAttribute('open')).to.equal(false);
    expect(dialogOf(el).open).to.equal(false);
    expect(document.activeElement).to.equal(opener);
    expect(heard).to.deep.equal([]);
    // And opens again.
    await openFrom(opener, el);
    expect(dialogOf(el).matches(':modal')).to.equal(true);
  });

  it('closes with the Close button and with a click beside the image', async () => {
    const { el, opener } = await page();
    await openFrom(opener, el);
    let closed = oneEvent(el, 'chat-lightbox-close');
    await sendKeys({ press: 'Enter' }); // on Close, where focus starts
    await closed;
    expect(el.open).to.equal(false);
    expect(document.activeElement).to.equal(opener);

    await openFrom(opener, el);
    closed = oneEvent(el, 'chat-lightbox-close');
    part(el, 'image')!.click();
    await el.updateComplete;
    expect(dialogOf(el).open, 'a click on the image leaves it open').to.equal(true);
    el.shadowRoot!.querySelector<HTMLElement>('.stage')!.click();
    await closed;
    expect(el.open).to.equal(false);
    expect(document.activeElement).to.equal(opener);
  });

  it('closes when the host sets open to false, without an event, and focus goes back inside shadow roots too', async () => {
    // The opener inside another element's shadow root, as a thumbnail in a message is.
    const wrapper = await fixture<HTMLDivElement>(html`<div><section id="host"></section><chat-lightbox .images=${images}></chat-lightbox></div>`);
    const root = wrapper.querySelector('#host')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<button type="button">open</button>';
    const opener = root.querySelector('button')!;
    opener.focus();
    const el = wrapper.querySelector('chat-lightbox')!;
    let events = 0;
    el.addEventListener('chat-lightbox-close', () => events++);
    el.open = true;
    await el.updateComplete;
    expect(dialogOf(el).matches(':modal')).to.equal(true);
    el.open = false;
    await el.updateComplete;
    await waitUntil(() => root.activeElement === opener, 'focus is back on the opener');
    expect(dialogOf(el).open).to.equal(false);
    expect(events).to.equal(0);
  });

  it('closes, without an event, when it leaves the document', async () => {
    const { wrapper, el, opener } = await page();
    let events = 0;
    el.addEventListener('chat-lightbox-close', () => events++);
    await openFrom(opener, el);
    el.remove();
    await waitUntil(() => document.activeElement === opener, 'focus is back on the opener');
    expect(el.open).to.equal(false);
    expect(events).to.equal(0);
    wrapper.append(el);
    await el.updateComplete;
    expect(dialogOf(el).open, 'back in the document, still closed').to.equal(false);
    el.open = true;
    await el.updateComplete;
    expect(dialogOf(el).matches(':modal')).to.equal(true);
  });

  it('speaks Russian', async () => {
    const { el, opener } = await page('ru', 1);
    await openFrom(opener, el);
    expect(caption(el)).to.equal('second.png 2 из 3');
    expect(dialogOf(el).getAttribute('aria-label')).to.equal('Просмотр изображений');
    expect(part(el, 'prev')!.getAttribute('aria-label')).to.equal('Предыдущее изображение');
    expect(part(el, 'next')!.getAttribute('aria-label')).to.equal('Следующее изображение');
    expect(part(el, 'close')!.getAttribute('aria-label')).to.equal('Закрыть');
    expect(part(el, 'download')!.getAttribute('aria-label')).to.equal('Скачать');
    await expect(el).to.be.accessible();
  });

  it('fits the image in the viewport at its aspect ratio, its box sized by width and height before it loads', async () => {
    const { el, opener } = await page();
    // An image that never arrives: the box is the declared size's, fitted.
    el.images = [{ src: gone(), name: 'wide.png', width: 1600, height: 900 }, ...images.slice(1)];
    await openFrom(opener, el);
    const img = part<HTMLImageElement>(el, 'image')!;
    expect(img.complete && img.naturalWidth > 0).to.equal(false);
    let box = img.getBoundingClientRect();
    expect(box.width / box.height).to.be.closeTo(16 / 9, 0.02);
    expect(box.width).to.be.at.most(innerWidth);
    expect(box.height).to.be.at.most(innerHeight);
    expect(box.width, 'as large as the viewport allows').to.be.above(innerWidth / 2);

    await sendKeys({ press: 'ArrowRight' }); // 300 × 400, portrait
    await el.updateComplete;
    box = img.getBoundingClientRect();
    expect(box.width / box.height).to.be.closeTo(3 / 4, 0.02);
    expect(box.height).to.be.at.most(innerHeight);
    expect(box.width, 'never larger than the image').to.be.at.most(300.5);
  });

  it('shows the thumbnail while the full image loads', async () => {
    const { el, opener } = await page();
    el.images = [{ src: gone(), thumb: images[0]!.thumb!, name: 'wide.png', width: 1600, height: 900 }];
    await openFrom(opener, el);
    const img = part<HTMLImageElement>(el, 'image')!;
    expect(img.style.backgroundImage).to.contain('data:image/png');
    el.images = images;
    await waitUntil(() => img.complete && img.naturalWidth > 0, 'the full image loads');
    await el.updateComplete;
    expect(img.style.backgroundImage, 'gone once the image is in').to.equal('');
  });

  it('renders the name as text, never as HTML', async () => {
    const name = '<img src=x onerror="window.__pwned=1">\u202Egnp.exe';
    const { el, opener } = await page();
    el.images = [{ src: images[0]!.src, name }];
    await openFrom(opener, el);
    expect(el.shadowRoot!.querySelectorAll('img').length).to.equal(1);
    expect(part(el, 'caption')!.querySelector('bdi')!.textContent).to.equal(name);
    expect(part<HTMLImageElement>(el, 'image')!.alt).to.equal(name);
    expect(part<HTMLButtonElement>(el, 'next')!.disabled, 'one image: both ends').to.equal(true);
    expect(part<HTMLButtonElement>(el, 'prev')!.disabled).to.equal(true);
  });
});
