/**
 * The visitor's client, fetched when the consultant first connects (consultant.component.ts
 * `#connect`): the base client alone, without the staff's drafts, so the chunk a shop page
 * downloads then holds nothing the visitor does not use.
 */
export { ChatClientBase } from '@chatdesk/client';
