import { css } from 'lit';

export default css`
  /* Dark in either theme, as photo viewers are: these stay as they are under theme="light". */
  :host {
    --chat-lightbox-backdrop: rgb(0 0 0 / 0.9);
    --chat-lightbox-text: #ffffff;
    --chat-lightbox-button-bg: rgb(255 255 255 / 0.14);
    --chat-lightbox-button-hover-bg: rgb(255 255 255 / 0.28);
  }
  /* The dialog covers the viewport and is its own backdrop: custom properties reach ::backdrop
     only in recent browsers. */
  [part~='dialog'] {
    position: fixed;
    inset: 0;
    width: 100%;
    height: 100%;
    max-width: none;
    max-height: none;
    margin: 0;
    padding: 12px;
    border: 0;
    background: var(--chat-lightbox-backdrop);
    color: var(--chat-lightbox-text);
    overscroll-behavior: contain;
  }
  [part~='dialog'][open] {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    grid-template-rows: auto minmax(0, 1fr);
    grid-template-areas: 'bar bar bar' 'prev stage next';
    gap: 12px;
  }
  [part~='dialog']::backdrop {
    background: transparent;
  }
  [part~='dialog'] :focus-visible {
    outline-color: var(--chat-lightbox-text);
  }
  .stage {
    grid-area: stage;
    /* The image is sized against this box (cqw / cqh), before it loads too. */
    container-type: size;
    display: flex;
    align-items: center;
    justify-content: center;
    min-width: 0;
    min-height: 0;
  }
  [part~='image'] {
    display: block;
    width: auto;
    height: auto;
    max-width: 100cqw;
    max-height: 100cqh;
    object-fit: contain;
    background: center / contain no-repeat;
  }
  /* Known size: never larger than the image, nor than the stage either way, at its own ratio. */
  [part~='image'].sized {
    width: min(calc(var(--w) * 1px), 100cqw, calc(100cqh * var(--w) / var(--h)));
    aspect-ratio: var(--w) / var(--h);
  }
  .bar {
    grid-area: bar;
    display: flex;
    align-items: center;
    gap: 8px;
  }
  [part~='caption'] {
    flex: 1;
    min-width: 0;
    margin: 0;
    display: flex;
    gap: 0.75em;
    align-items: baseline;
  }
  .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .count {
    flex: none;
    opacity: 0.8;
    font-variant-numeric: tabular-nums;
  }
  button,
  [part~='download'] {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 2.5em;
    height: 2.5em;
    padding: 0;
    border: 0;
    border-radius: 50%;
    background: var(--chat-lightbox-button-bg);
    color: inherit;
    font: inherit;
    font-size: 1em;
    cursor: pointer;
  }
  button:hover:not(:disabled),
  [part~='download']:hover {
    background: var(--chat-lightbox-button-hover-bg);
  }
  button:disabled {
    opacity: 0.35;
    cursor: default;
  }
  svg {
    width: 1.25em;
    height: 1.25em;
  }
  .nav {
    align-self: center;
    width: 3em;
    height: 3em;
  }
  [part~='prev'] {
    grid-area: prev;
  }
  [part~='next'] {
    grid-area: next;
  }
  .nav:dir(rtl) svg {
    transform: scaleX(-1);
  }
`;
