/**
 * The cards' code, styles and terms (cards-ui.ts) are a chunk of their own, fetched when the first
 * message with product or order cards is shown (S-W-PROD, S-W-ORD): neither the panel's nor the
 * consultant's start-up download carries them. Until it is in, such a message has its text (the
 * cards' plain-text fallback).
 */
export type CardsUi = typeof import('./cards-ui.js');

let ui: CardsUi | undefined;
let loading: Promise<CardsUi> | undefined;

/** The chunk if it is in, else undefined. */
export function cardsUi(): CardsUi | undefined {
  return ui;
}

export function loadCardsUi(): Promise<CardsUi> {
  loading ??= import('./cards-ui.js').then(
    (m) => (ui = m),
    (err: unknown) => {
      // Asked again next time, not never.
      loading = undefined;
      throw err;
    },
  );
  return loading;
}
