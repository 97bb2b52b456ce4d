import { ChatLightbox } from './lightbox.component.js';

export * from './lightbox.component.js';

customElements.define('chat-lightbox', ChatLightbox);

declare global {
  interface HTMLElementTagNameMap {
    'chat-lightbox': ChatLightbox;
  }
}
