import { en } from './en.js';
import { ru } from './ru.js';

/** The CRM-side elements' terms by language. */
export const terms = { en, ru };
