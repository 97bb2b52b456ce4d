/** `https://chat.example.com` → `wss://chat.example.com/ws`; a path prefix is kept (`…/chat/ws`). */
export function webSocketUrl(server: string, base: string = location.href): string {
  const url = new URL(server, base);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  const ws = new URL('ws', url);
  ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
  return ws.href;
}

/** `{server}/{path}` with the same prefix rule as `webSocketUrl`. */
export function serverUrl(server: string, path: string, base: string = location.href): URL {
  const url = new URL(server, base);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return new URL(path, url);
}
