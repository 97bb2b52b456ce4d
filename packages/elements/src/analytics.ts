// The analytics bundle (dist/bundles/chat-analytics.js): <chat-analytics> (S-AN-1), for the CRM
// page where leads read the chats' figures. A bundle of its own, outside the panel's start-up:
// uPlot comes later still, in a chunk the element fetches with its first report. Like the settings
// bundle it imports the panel's entry, which such a CRM page loads anyway: depending on all of it
// leaves the panel's and the consultant's chunks exactly as they were, and the element finds the
// panel's connection through the same modules (context, the page's shared client).
import './panel.js';

export * from './analytics/analytics.js';
