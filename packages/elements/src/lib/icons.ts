import { html, type TemplateResult } from 'lit';

/*
 * The elements' icons: inline SVG rather than emoji or symbol characters, which render as empty
 * boxes where the system has no font for them. Each is a path on a 24×24 grid drawn in
 * `currentColor`, 1em square; the SVG is `aria-hidden`, so the control or mark that shows it
 * carries the accessible name (`aria-label`, or `role="img"` with one).
 *
 * This module holds the renderer and the icons that the shop's `<chat-consultant>` draws too; the
 * ones only the CRM elements draw are in `crm-icons.ts`. Bundlers split by module, not by export:
 * in one module, every CRM icon would travel in the chunk the shop's bundle loads (its budget).
 */

export function icon(path: string): TemplateResult {
  return html`<svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false" fill="currentColor"><path d=${path}></path></svg>`;
}

/** A speech bubble with three dots (the launchers). */
export const chatPath =
  'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2Zm3 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Z';
/** A cross (close buttons, cancel a reply or an edit). */
export const closePath = 'M6.4 5 5 6.4l5.6 5.6L5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6Z';
/** A clock (S-DLG-13: queued, sending). */
export const clockPath = 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20Zm0 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16Zm-1 2v7l5.2 3.1 1-1.7-4.2-2.5V6Z';
/** One check (sent, delivered). */
export const checkPath = 'M3.4 12.6 4.8 11.2l4.2 4.2L19.2 5.2l1.4 1.4L9 18.2Z';
