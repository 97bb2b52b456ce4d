/** Words for generated messages: Russian (with ё) and English, as a CRM chat would hold. */
export const RU = (
  'здравствуйте добрый день заказ заказа доставка доставку оплата оплату курьер курьера ' +
  'товар товара размер цвет скидка скидку промокод магазин склад наличии номер телефон адрес ' +
  'спасибо пожалуйста подскажите когда сколько можно нужно будет уже ещё всё её зелёный ' +
  'жёлтый чёрный счёт отчёт подтверждение возврат обмен гарантия чек карта наличными ' +
  'сегодня завтра вечером утром неделе пункт выдачи самовывоз почта трек отслеживание ' +
  'менеджер оператор вопрос ответ проблема ошибка сайт корзина оформить отменить изменить ' +
  'получить отправить привезти клиент покупатель цена стоимость рублей бесплатно акция ' +
  'новый старый большой маленький красный синий белый куртка платье ботинки кроссовки ' +
  'телефона ноутбук зарядка чехол наушники коробка упаковка подарок ёлка ёжик берёза ' +
  'да нет хорошо понятно конечно минуту секунду уточню проверю передам свяжемся'
).split(' ');

export const EN = (
  'hello hi thanks please order delivery shipping payment courier item size color discount ' +
  'coupon store warehouse stock number phone address when how much can need will already ' +
  'still invoice receipt refund return exchange warranty card cash today tomorrow evening ' +
  'morning week pickup point mail tracking manager operator question answer problem error ' +
  'website cart checkout cancel change receive send bring customer price cost free sale new ' +
  'old big small red blue white jacket dress boots sneakers laptop charger case headphones ' +
  'box package gift yes no fine sure minute second check confirm update status available ' +
  'the a an to of and in is it for on with my your this that please help'
).split(' ');

export const FIRST_RU = 'Анна Мария Ольга Елена Пётр Иван Сергей Алексей Фёдор Наталья Татьяна Дмитрий Артём Семён'.split(' ');
export const LAST_RU = 'Иванова Петров Смирнова Кузнецов Попова Соколов Лебедева Козлов Новикова Морозов Алёшина Фёдоров'.split(' ');
export const FIRST_EN = 'John Mary James Linda Robert Emma David Olivia Michael Sophia'.split(' ');
export const LAST_EN = 'Smith Johnson Brown Taylor Miller Wilson Moore Clark Walker Hall'.split(' ');

export function pick<T>(list: readonly T[], r: number): T {
  return list[Math.floor(r * list.length)] as T;
}

/** A message of 3..22 words, Russian 60 % of the time. */
export function sentence(rand: () => number): string {
  const words = rand() < 0.6 ? RU : EN;
  const n = 3 + Math.floor(rand() * rand() * 20);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(pick(words, rand()));
  const s = out.join(' ');
  return `${s[0]?.toUpperCase() ?? ''}${s.slice(1)}${rand() < 0.3 ? '?' : '.'}`;
}

export function personName(rand: () => number): string {
  return rand() < 0.7 ? `${pick(FIRST_RU, rand())} ${pick(LAST_RU, rand())}` : `${pick(FIRST_EN, rand())} ${pick(LAST_EN, rand())}`;
}
