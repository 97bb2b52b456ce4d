import type { TermsOf } from '../i18n/en.js';
import { ruPlural } from '../lib/plural.js';
import type { HostCardTerms } from './host-cards.en.js';

const why = (code: string): string =>
  code === 'FORBIDDEN' ? 'у вас нет доступа к чатам'
  : code === 'NOT_FOUND' ? 'в CRM нет такого заказа'
  : code === 'UNAVAILABLE' || code === '' ? 'нет связи с сервером чатов или с CRM, повторите попытку'
  : 'ошибка сервера';

export const ru: TermsOf<HostCardTerms> = {
  noClient: 'Нет соединения с сервером чатов.',
  loading: 'Загрузка диалогов…',
  loadFailed: (code) => `Не удалось загрузить диалоги: ${why(code)}`,
  retry: 'Повторить',
  customerConversations: 'Диалоги клиента',
  noConversations: 'Диалогов пока нет',
  open: 'Открыт',
  closed: 'Закрыт',
  messages: (n) => `${n} ${ruPlural(n, 'сообщение', 'сообщения', 'сообщений')}`,
  started: (date) => `Начат ${date}`,
  orderConversations: 'Диалоги заказа',
  origin: 'Оформлен в диалоге',
  noOrigin: 'Заказ оформлен не из доступного вам диалога.',
  channels: 'Каналы, из которых писал клиент',
  openChannel: (channel) => `Открыть диалог в канале «${channel}»`,
};
