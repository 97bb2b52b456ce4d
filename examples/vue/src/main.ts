import { createApp } from 'vue';
import App from './App.vue';
import './app.css';

const server = import.meta.env.VITE_CHAT_SERVER ?? 'http://localhost:8080';
// A CRM route would know the customer whose card this is; here it comes from ?customer=.
const customerId = new URLSearchParams(location.search).get('customer') ?? '';

createApp(App, { server, customerId }).mount('#app');
