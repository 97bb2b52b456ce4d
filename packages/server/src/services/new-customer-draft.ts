import * as v from 'valibot';
import { CustomerDraft } from '@chatdesk/protocol';

/** What the chat knows of a customer the distribution bot saves in the CRM (S-CH-3). */
export interface ChatCustomerFacts {
  /** Their name in the chat: a messenger's display name, the name a page gave, or «Посетитель 1234». */
  name: string;
  phone: string | null;
  email: string | null;
  /** The channel their conversation came by (`web`, `telegram` …). */
  channelKind: string;
  /** The channel's store (S-SET-6); null when none is mapped. */
  storeCode: string | null;
}

const NAME_MAX = 100;

/**
 * The chat name as the CRM's first and last name: the first word is the first name, the rest the
 * last name (as the customer widget splits what a manager types). A rest without a letter
 * («Посетитель 1234», «Telegram: 12345») is not a surname: the name then stays whole.
 */
export function splitChatName(name: string): { firstName: string; lastName: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const [first = '', ...rest] = words;
  const lastName = rest.join(' ');
  if (!/\p{L}/u.test(lastName)) return { firstName: words.join(' ').slice(0, NAME_MAX), lastName: '' };
  return { firstName: first.slice(0, NAME_MAX), lastName: lastName.slice(0, NAME_MAX) };
}

/**
 * The CRM customer to create, as `crm.saveCustomer` would from the widget's form filled with what
 * the chat knows: the channel's store, and the messenger login the conversation came from as a
 * contact (a web visitor has none). A phone or email the CRM contract would refuse (a messenger
 * may report anything) is left out rather than failing the whole save on every retry.
 */
export function newCustomerDraft(c: ChatCustomerFacts): CustomerDraft {
  const draft: CustomerDraft = {
    ...splitChatName(c.name),
    patronymic: '',
    phones: [],
    email: '',
    address: '',
    storeCode: c.storeCode,
    contacts: c.channelKind === 'web' ? [] : [{ channel: c.channelKind, login: c.name }],
  };
  const phone = c.phone?.trim();
  if (phone && v.is(CustomerDraft.entries.phones, [phone])) draft.phones = [phone];
  const email = c.email?.trim();
  if (email && v.is(CustomerDraft.entries.email, email)) draft.email = email;
  // Whatever else the contract refuses (a login over its length) goes too, not the customer.
  if (!v.safeParse(CustomerDraft, draft).success) draft.contacts = [];
  return draft;
}
