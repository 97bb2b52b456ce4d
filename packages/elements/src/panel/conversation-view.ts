// The elements of an open conversation: a chunk of the panel's bundle fetched on first need
// (`loadConversationView` in lib/conversation-view.ts). `<chat-message>` comes with the thread and
// `<chat-emoji-button>` with the composer.
import '../thread/thread.js';
import '../composer/composer.js';
