import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import './app.css';

const server = import.meta.env.VITE_CHAT_SERVER ?? 'http://localhost:8080';
// A CRM route would know the customer whose card this is; here it comes from ?customer=.
const customerId = new URLSearchParams(location.search).get('customer') ?? '';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App server={server} customerId={customerId} />
  </StrictMode>,
);
