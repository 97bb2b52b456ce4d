import { ChatConsultant } from './consultant.component.js';

export * from './consultant.component.js';
export { VisitorTokens } from './visitor.js';

customElements.define('chat-consultant', ChatConsultant);

declare global {
  interface HTMLElementTagNameMap {
    'chat-consultant': ChatConsultant;
  }
}
