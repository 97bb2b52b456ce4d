/*
 * The files' icons (S-DLG-9), apart from lib/icons.ts: that module travels in the shop
 * consultant's start-up chunk, these only with the files' own chunks (the composer, which shows
 * the paperclip at once, imports it statically on the CRM side).
 */
/** A paperclip (S-DLG-9: attach files). */
export const clipPath = 'M20 11.5 12 19.5a5 5 0 0 1-7-7l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7L9.7 17.2a1.7 1.7 0 0 1-2.4-2.4L15 7';
/** A document with a folded corner (a file card). */
export const filePath = 'M6 3h8l4 4v14H6ZM14 3v4h4';
/** A circular arrow (retry an upload). */
export const retryPath = 'M20 12a8 8 0 1 1-2.3-5.7M20 4v4h-4';
