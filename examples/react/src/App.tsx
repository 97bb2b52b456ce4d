// A CRM page in React 19 with the chat in it: properties in (a string, a function, a number, a
// boolean), `chat-*` events out, all typed by `@chatdesk/elements/react`.
import { useState } from 'react';
import '@chatdesk/elements/panel';
import '@chatdesk/elements/cards';
import type {} from '@chatdesk/elements/react';
import type { Theme } from '@chatdesk/elements';

/** Asks this page's backend for a token on every (re)connect. */
async function fetchToken(): Promise<string> {
  const res = await fetch('/chat-token', { credentials: 'include' });
  if (!res.ok) throw new Error(`token: HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

export function App({ server, customerId }: { server: string; customerId: string }) {
  const [selected, setSelected] = useState<number | undefined>();
  const [wanted, setWanted] = useState('');
  const [conversationId, setConversationId] = useState<number | undefined>();
  const [log, setLog] = useState<string[]>([]);
  const [theme, setTheme] = useState<Theme>('auto');
  const note = (line: string) => setLog((lines) => [line, ...lines].slice(0, 5));

  return (
    <div className={`crm theme-${theme}`}>
      <header className="crm-header">
        <h1>CRM</h1>
        <label>
          Тема{' '}
          <select name="theme" value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
            <option value="auto">Как в системе</option>
            <option value="light">Светлая</option>
            <option value="dark">Тёмная</option>
          </select>
        </label>
        <span className="crm-badge">
          Чаты <chat-unread-badge theme={theme}></chat-unread-badge>
        </span>
      </header>
      <aside className="crm-card">
        <h2>Клиент</h2>
        {customerId ? (
          <chat-customer-conversations
            customerId={customerId}
            theme={theme}
            onchat-conversation-open={(e) => note(`Карточка открыла диалог ${e.detail.conversationId}`)}
          ></chat-customer-conversations>
        ) : (
          <p>Откройте страницу с ?customer=&lt;id клиента в CRM&gt;.</p>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setConversationId(Number(wanted));
          }}
        >
          <label>
            Номер диалога <input name="conversation" inputMode="numeric" value={wanted} onChange={(e) => setWanted(e.target.value)} />
          </label>
          <button type="submit">Открыть в чате</button>
        </form>
        <p>
          Выбран диалог: <output id="selected">{selected ?? '—'}</output>
        </p>
        <ul id="log" aria-live="polite">
          {log.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      </aside>
      <main className="crm-chat">
        <chat-panel
          server={server}
          tokenProvider={fetchToken}
          mode="section"
          theme={theme}
          conversationId={conversationId ?? 0}
          notifications={true}
          onchat-conversation-select={(e) => {
            setSelected(e.detail.conversationId);
            setConversationId(e.detail.conversationId);
          }}
          onchat-open-change={(e) => note(e.detail.open ? 'Чат открыт' : 'Чат закрыт')}
        ></chat-panel>
      </main>
    </div>
  );
}
