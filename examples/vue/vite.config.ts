import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The chat server the page talks to (its ALLOWED_ORIGINS must list this page's origin).
const chat = process.env.VITE_CHAT_SERVER ?? 'http://localhost:8080';

export default defineConfig({
  // Vue's compiler leaves our tags to the browser: they are custom elements.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('chat-') } } })],
  server: {
    // Your backend signs the tokens (README: "Issue tokens from your CRM backend"); in development
    // the demo server's /demo/token stands in for it, as Ольга (an admin).
    proxy: { '/chat-token': { target: chat, changeOrigin: true, rewrite: () => '/demo/token?user=olga' } },
  },
});
