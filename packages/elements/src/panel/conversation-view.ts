// The elements of an open conversation: a chunk of the panel's bundle fetched on first need
// (`loadConversationView` in panel.component.ts). `<chat-message>` comes with the thread and
// `<chat-emoji-button>` with the composer.
import '../thread/thread.js';
import '../composer/composer.js';
