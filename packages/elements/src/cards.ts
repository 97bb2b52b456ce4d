// The host cards' bundle (dist/bundles/chat-cards.js): <chat-customer-conversations> for a
// customer's card and <chat-order-conversations> for an order's (S-HOST-1, S-HOST-2). Like the
// settings screen it imports the panel's entry: these cards sit on CRM pages, which load the panel
// anyway, and the cards open conversations in it.
import './panel.js';

export * from './host-cards/host-cards.js';
