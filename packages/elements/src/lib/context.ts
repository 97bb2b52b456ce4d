import { createContext } from '@lit/context';
import type { ChatClient } from '@chatdesk/client';

/**
 * The page's chat connection, provided by `<chat-panel>` to everything inside it.
 * `Symbol.for` keeps the key identical when two bundles of these elements share one page.
 */
export const clientContext = createContext<ChatClient | undefined>(Symbol.for('chatdesk.client'));
