import { ChatAudioPlayer } from './audio-player.component.js';

export * from './audio-player.component.js';

customElements.define('chat-audio-player', ChatAudioPlayer);

declare global {
  interface HTMLElementTagNameMap {
    'chat-audio-player': ChatAudioPlayer;
  }
}
