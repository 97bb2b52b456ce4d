/**
 * The emoji button's own term (S-DLG-10), in both languages: one word travels with the button so
 * it renders without waiting for a chunk. The popover's and the picker's words (search,
 * categories, skin tones) come with them, in their lazy chunk (emoji-popover.i18n.ts).
 */
export const emojiTerms = {
  en: { emoji: 'Emoji' },
  ru: { emoji: 'Эмодзи' },
};
