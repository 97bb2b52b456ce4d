import type { TermsOf } from '../i18n/en.js';
import type { FileTerms } from './files.en.js';

const fmt = (x: number) => x.toFixed(x < 10 ? 1 : 0).replace('.', ',');

/** The file terms, Russian. */
export const ru: TermsOf<FileTerms> = {
  attach: 'Прикрепить файлы',
  attachments: 'Файлы к отправке',
  remove: (name) => `Убрать ${name}`,
  retry: (name) => `Загрузить ${name} ещё раз`,
  uploading: (name) => `Загружается ${name}`,
  uploaded: 'Готов к отправке',
  failed: 'Не загрузился',
  tooLarge: (total, limit) => `Файлы вместе — не больше ${limit} (выбрано ${total}). Ничего не прикреплено.`,
  tooMany: (max) => `Не больше ${max} файлов в одном сообщении.`,
  fileTooLarge: (name, max) => `«${name}» слишком велик для этого канала: не больше ${max} на файл. Ничего не прикреплено.`,
  kindRefused: (name, kind) =>
    `Этот канал не передаёт ${kind === 'image' ? 'изображения' : kind === 'audio' ? 'аудио' : 'такие файлы'} («${name}»). Ничего не прикреплено.`,
  dropHere: 'Отпустите файлы, чтобы прикрепить',
  refused: (code) =>
    code === 'LIMIT_EXCEEDED' ? 'Слишком большой, или слишком много неотправленных файлов' : code === 'UNAUTHENTICATED' ? 'Нет доступа: войдите снова' : code === 'UNAVAILABLE' ? 'Сервер недоступен' : 'Сервер не принял файл',
  download: (name) => `Скачать ${name}`,
  openImage: (name) => `Открыть изображение ${name}`,
  image: 'Изображение',
  voice: 'Голосовое сообщение',
  bytes: (n) => (n < 1024 ? `${n} Б` : n < 1024 * 1024 ? `${fmt(n / 1024)} КБ` : `${fmt(n / 1024 / 1024)} МБ`),
  showAttachments: 'Вложения',
  images: 'Изображения',
  otherFiles: 'Файлы',
  noImages: 'В этом диалоге нет изображений',
  noFiles: 'В этом диалоге нет файлов',
  showInThread: 'Показать в диалоге',
  close: 'Закрыть',
  loadMore: 'Ещё',
};
