/**
 * The image viewer's own terms (S-DLG-5): the thread loads the viewer when an image is first
 * opened, so its words travel in the viewer's lazy chunk, not in the panel's start-up bundle.
 */
export const en = {
  title: 'Image viewer',
  /** Which image of how many: "2 / 5". */
  position: (n: number, of: number) => `${n} / ${of}`,
  previous: 'Previous image',
  next: 'Next image',
  download: 'Download',
  close: 'Close',
} as const;

type Terms = { readonly [K in keyof typeof en]: (typeof en)[K] extends string ? string : (typeof en)[K] };

export const ru: Terms = {
  title: 'Просмотр изображений',
  position: (n: number, of: number) => `${n} из ${of}`,
  previous: 'Предыдущее изображение',
  next: 'Следующее изображение',
  download: 'Скачать',
  close: 'Закрыть',
};

export const lightboxTerms = { en, ru };
