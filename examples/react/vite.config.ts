import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The chat server the page talks to (its ALLOWED_ORIGINS must list this page's origin).
const chat = process.env.VITE_CHAT_SERVER ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    // Your backend signs the tokens (README: "Issue tokens from your CRM backend"); in development
    // the demo server's /demo/token stands in for it, as Ольга (an admin).
    proxy: { '/chat-token': { target: chat, changeOrigin: true, rewrite: () => '/demo/token?user=olga' } },
  },
});
