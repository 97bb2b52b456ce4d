import { ChatTasksWidget, type ChatTaskChangeDetail } from './tasks-widget.component.js';

export * from './tasks-widget.component.js';

// A lazy chunk may be loaded by two bundles of these elements on one page: the first defines it.
if (!customElements.get('chat-tasks-widget')) customElements.define('chat-tasks-widget', ChatTasksWidget);

declare global {
  interface HTMLElementTagNameMap {
    'chat-tasks-widget': ChatTasksWidget;
  }
  interface GlobalEventHandlersEventMap {
    'chat-task-change': CustomEvent<ChatTaskChangeDetail>;
  }
}
