/** The emoji popover's own terms (S-DLG-10): they travel in its lazy chunk. */
export const en = {
  picker: 'Choose an emoji',
} as const;

export const ru: { readonly [K in keyof typeof en]: string } = {
  picker: 'Выбор эмодзи',
};

export const popoverTerms = { en, ru };
