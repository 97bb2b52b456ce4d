/**
 * The audio player's own terms (S-DLG-5): the thread loads the player with the first voice
 * message it shows, so its words travel in the player's lazy chunk, not in the panel's start-up
 * bundle.
 */
export const en = {
  audio: 'Audio',
  play: 'Play',
  pause: 'Pause',
  position: 'Position',
  /** The slider's `aria-valuetext`: "0:12 of 1:05". */
  timeOf: (elapsed: string, total: string) => `${elapsed} of ${total}`,
  cannotPlay: 'This audio cannot be played',
} as const;

type Terms = { readonly [K in keyof typeof en]: (typeof en)[K] extends string ? string : (typeof en)[K] };

export const ru: Terms = {
  audio: 'Аудио',
  play: 'Воспроизвести',
  pause: 'Пауза',
  position: 'Позиция',
  timeOf: (elapsed: string, total: string) => `${elapsed} из ${total}`,
  cannotPlay: 'Не удаётся воспроизвести запись',
};

export const audioPlayerTerms = { en, ru };
