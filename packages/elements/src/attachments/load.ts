import type { CSSResult } from 'lit';

/**
 * The files' code and styles (files-ui.ts) are a chunk of their own, fetched when a file is first
 * attached or shown (S-DLG-9, S-DLG-5): neither the panel's nor the consultant's start-up download
 * carries them.
 */
export type FilesUi = typeof import('./files-ui.js');

let ui: FilesUi | undefined;
let loading: Promise<FilesUi> | undefined;

/** The chunk if it is in, else undefined (and it starts coming: `then` re-renders the caller). */
export function filesUi(): FilesUi | undefined {
  return ui;
}

export function loadFilesUi(): Promise<FilesUi> {
  loading ??= import('./files-ui.js').then(
    (m) => (ui = m),
    (err: unknown) => {
      // Asked again next time, not never.
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

const adopted = new WeakSet<ShadowRoot>();

/** Adds the files' styles to a shadow root once (they come with the chunk, after the element's own). */
export function adoptFileStyles(root: ShadowRoot, styles: readonly CSSResult[]): void {
  if (adopted.has(root)) return;
  adopted.add(root);
  const sheets = styles.map((c) => c.styleSheet).filter((x): x is CSSStyleSheet => !!x);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...sheets];
}
