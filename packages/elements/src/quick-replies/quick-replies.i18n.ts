/**
 * The lightning button's own term (S-QR-1), in both languages: one word travels with the button
 * so it renders without waiting for a chunk. Everything else comes with the popover, the dialog
 * and the `/` suggestions, in their lazy chunks (quick-replies-ui.*.ts).
 */
export const quickRepliesTerms = {
  en: { quickReplies: 'Quick replies' },
  ru: { quickReplies: 'Быстрые ответы' },
};
