// The admin-side bundle (dist/bundles/chat-settings.js): the chat settings screen (S-SET-1..8).
// A bundle of its own because it checks the form with the protocol's valibot schema, which the
// panel's and the consultant's downloads do without. It imports the panel's entry as well: the
// settings screen sits on CRM pages, which load the panel anyway, and depending on all of it
// (rather than on a few of its modules) leaves the panel's and the consultant's chunks exactly as
// they were, instead of cutting them into more, smaller shared chunks. The settings element finds
// the panel's connection through the same modules (context, the page's shared client).
import './panel.js';

export * from './settings/settings.js';
