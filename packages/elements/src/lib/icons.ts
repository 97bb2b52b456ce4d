import { html, type TemplateResult } from 'lit';

/*
 * The elements' icons: inline SVG rather than emoji or symbol characters, which render as empty
 * boxes where the system has no font for them. Each is a path on a 24×24 grid, stroked (or, with
 * `filled`, also filled) in `currentColor`, 1em square. The SVG is `aria-hidden`: the control or
 * mark that shows it carries the accessible name (`aria-label`, or `role="img"` with one).
 *
 * This module holds the renderer and the icons that the shop's `<chat-consultant>` draws too; the
 * ones only the CRM elements draw are in `crm-icons.ts`. Bundlers split by module, not by export:
 * in one module, every CRM icon would travel in the chunk the shop's bundle loads (its budget).
 * Strokes rather than outlines keep the paths short for the same reason.
 */
export function icon(path: string, filled = false): TemplateResult {
  return html`<svg viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false" fill=${filled ? 'currentColor' : 'none'} stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d=${path}></path></svg>`;
}

/** A speech bubble with three dots (the launchers). */
export const chatPath = 'M4 4h16v12H10l-6 4ZM8 10h0m4 0h0m4 0h0';
/** A cross (close buttons, cancel a reply or an edit). */
export const closePath = 'M6 6l12 12M18 6 6 18';
/** A clock (S-DLG-13: queued, sending). */
export const clockPath = 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm0 4v5l3 2';
/** One check (sent, delivered). */
export const checkPath = 'm5 12 5 5 9-10';
