import type { TermsOf } from '../i18n/en.js';
import { ruPlural } from '../lib/plural.js';
import type { QuickRepliesTerms } from './quick-replies-ui.en.js';

/** Why a call failed, by the protocol's error code. */
const why = (code: string): string =>
  code === '' || code === 'UNAVAILABLE' ? 'нет связи с сервером, повторите попытку'
  : code === 'FORBIDDEN' ? 'у вас нет на это прав'
  : code === 'NOT_FOUND' ? 'этого больше нет'
  : code === 'UNAUTHENTICATED' ? 'сеанс входа истёк'
  : code === 'RATE_LIMITED' ? 'слишком много запросов, повторите чуть позже'
  : 'ошибка сервера';

const templateAt = (line: number): string => (line > 0 ? `Ошибка в шаблоне, строка ${line}` : 'Ошибка в шаблоне');

const replies = (n: number): string => `${n} ${ruPlural(n, 'быстрый ответ', 'быстрых ответа', 'быстрых ответов')}`;

/** The quick replies' terms, Russian. */
export const ru: TermsOf<QuickRepliesTerms> = {
  quickReplies: 'Быстрые ответы',
  search: 'Поиск быстрых ответов',
  searchPlaceholder: 'Поиск по команде, названию, тексту',
  loading: 'Загрузка быстрых ответов…',
  loadFailed: (code) => `Не удалось загрузить быстрые ответы: ${why(code)}.`,
  retry: 'Повторить',
  empty: 'Быстрых ответов пока нет',
  createFirst: 'Создать первый ответ',
  noMatches: 'Ничего не найдено',
  uncategorised: 'Без категории',
  found: replies,
  inserting: 'Вставляем…',
  noConversation: 'Откройте диалог с клиентом, чтобы вставить быстрый ответ.',
  renderFailed: (code, reason, line) =>
    code === 'INVALID_PARAMS' && reason === 'template' ? `Не вставлено: ${templateAt(line).toLowerCase()}. Попросите администратора исправить ответ.`
    : code === 'LIMIT_EXCEEDED' ? 'Не вставлено: ответ слишком длинный или сложный.'
    : code === 'NOT_FOUND' ? 'Не вставлено: ответа или диалога больше нет.'
    : `Не вставлено: ${why(code)}.`,

  editMode: 'Редактировать быстрые ответы',
  newReply: 'Новый ответ',
  newCategory: 'Новая категория',
  categoryName: 'Название категории',
  save: 'Сохранить',
  saving: 'Сохраняем…',
  cancel: 'Отмена',
  delete: 'Удалить',
  editReply: (command) => `Изменить /${command}`,
  deleteReply: (command) => `Удалить /${command}`,
  renameCategory: (name) => `Переименовать категорию «${name}»`,
  deleteCategory: (name) => `Удалить категорию «${name}»`,
  confirmDeleteReply: (command) => `Удалить быстрый ответ /${command}?`,
  confirmDeleteCategory: (name) => `Удалить категорию «${name}»? Её ответы останутся, без категории.`,
  nameRequired: 'Введите название.',
  categoryTaken: 'Категория с таким названием уже есть.',
  tooManyCategories: 'Категорий уже 100: сначала удалите одну.',
  actionFailed: (code) => `Не получилось: ${why(code)}.`,
  announceSaved: 'Быстрый ответ сохранён.',
  announceDeleted: 'Быстрый ответ удалён.',
  announceCategorySaved: 'Категория сохранена.',
  announceCategoryDeleted: 'Категория удалена, её ответы теперь без категории.',

  dialogNew: 'Новый быстрый ответ',
  dialogEdit: 'Изменить быстрый ответ',
  close: 'Закрыть',
  command: 'Команда',
  commandHint: 'Набирается после / в поле сообщения: буквы, цифры, - и _, без пробелов.',
  commandRequired: 'Введите команду.',
  commandInvalid: 'От 1 до 32 букв, цифр, - или _, без пробелов.',
  commandTaken: (command) => `Команда /${command} уже занята другим ответом.`,
  title: 'Название',
  titleRequired: 'Введите название.',
  category: 'Категория',
  noCategory: 'Без категории',
  text: 'Текст',
  textRequired: 'Введите текст.',
  textTooLong: (max) => `Не больше ${max} символов с пробелами.`,
  counter: (n, max) => `${n} из ${max} символов`,
  templateError: (line) => `${templateAt(line)}.`,
  variables: 'Вставить переменную',
  varFirstName: 'Имя',
  varLastName: 'Фамилия',
  varPatronymic: 'Отчество',
  varFullName: 'Полное имя',
  varEmail: 'E-mail',
  varPhone: 'Телефон',
  varManager: 'Менеджер',
  varOrderNumber: 'Номер заказа',
  varOrderStatus: 'Статус заказа',
  varOrderTotal: 'Сумма заказа',
  varOrderToPay: 'К оплате',
  insertVariable: (name, expression) => `Вставить «${name}» (${expression})`,
  preview: 'Предпросмотр для этого клиента',
  previewEmpty: 'Здесь появится текст таким, каким его получит этот клиент.',
  previewNoConversation: 'Откройте диалог с клиентом, чтобы увидеть предпросмотр.',
  previewLoading: 'Подставляем…',
  previewBlank: 'Для этого клиента текст получается пустым.',
  previewFailed: (code) => (code === 'LIMIT_EXCEEDED' ? 'Слишком длинно или сложно для подстановки.' : `Нет предпросмотра: ${why(code)}.`),
  saveFailed: (code) =>
    code === 'LIMIT_EXCEEDED' ? 'Не сохранено: быстрых ответов уже 1000, сначала удалите лишние.'
    : code === 'NOT_FOUND' ? 'Не сохранено: ответ или его категорию удалили.'
    : code === 'FORBIDDEN' ? 'Не сохранено: менять быстрые ответы могут только администраторы и администраторы чатов.'
    : code === 'INVALID_PARAMS' ? 'Не сохранено: проверьте поля.'
    : `Не сохранено: ${why(code)}.`,

  suggestions: 'Быстрые ответы',
  suggestionsOpen: (n) => `${replies(n)}: стрелки — выбрать, Enter — вставить, Escape — закрыть.`,
};
