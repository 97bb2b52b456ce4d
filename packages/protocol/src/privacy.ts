import * as v from 'valibot';
import { doc } from './doc.js';
import { defineMethod } from './define.js';
import { Timestamp } from './entities.js';

/**
 * S-SET-5: the privacy policy a new conversation needs the customer's agreement to (its channel
 * not excluded); `version` names this text and link, so an agreement to an older one does not count.
 */
export const PrivacyNotice = v.object({
  text: v.string(),
  link: doc(v.string(), 'The policy\'s address (http or https).'),
  version: doc(v.string(), 'Names this text and link: pass it to `privacy.accept`.'),
  acceptedAt: doc(v.nullable(Timestamp), 'When this customer agreed to this version on this channel; null: not yet (their first message is refused until they do).'),
});
export type PrivacyNotice = v.InferOutput<typeof PrivacyNotice>;

export const PolicyVersion = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const privacyMethods = {
  'privacy.accept': defineMethod({
    params: v.object({ version: PolicyVersion }),
    result: v.object({ acceptedAt: Timestamp }),
    doc: 'A visitor (S-SET-5): agrees to the privacy policy shown in `welcome.privacy`, so their first message may open a conversation. Agreeing again keeps the first time.',
    errors: {
      FORBIDDEN: 'staff (only the customer agrees)',
      CONFLICT: 'no policy is in force on the channel now, or `version` is not the current one (`details.privacy`: the current notice, or null)',
    },
  }),
} as const;
