// The shop-side bundle (dist/bundles/chat-consultant.js): the visitor's widget and nothing of the CRM.
export * from './consultant/consultant.js';
