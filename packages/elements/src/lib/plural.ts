const ruRules = new Intl.PluralRules('ru');

/** Russian noun forms for 1 / 2–4 / 5+ (Intl.PluralRules categories one, few, many). */
export function ruPlural(n: number, one: string, few: string, many: string): string {
  const category = ruRules.select(n);
  return category === 'one' ? one : category === 'many' ? many : few;
}
