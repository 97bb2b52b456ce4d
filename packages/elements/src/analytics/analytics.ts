import { ChatAnalyticsElement, type ChatAnalyticsReportDetail } from './analytics.component.js';

export * from './analytics.component.js';

customElements.define('chat-analytics', ChatAnalyticsElement);

declare global {
  interface HTMLElementTagNameMap {
    'chat-analytics': ChatAnalyticsElement;
  }
  interface GlobalEventHandlersEventMap {
    'chat-analytics-report': CustomEvent<ChatAnalyticsReportDetail>;
  }
}
