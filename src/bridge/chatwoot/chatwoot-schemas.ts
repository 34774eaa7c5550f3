/**
 * The parts of Chatwoot's answers the gateway reads (../shared/chatwoot/NOTES.md). Loose
 * objects: Chatwoot adds fields between versions, and only these must be there.
 */
import { z } from "zod";

export const inboxSchema = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  /** Chatwoot ≥ 4.13 signs API-inbox webhooks with it (administrators see it). */
  secret: z.string().nullish(),
  webhook_url: z.string().nullish(),
});
export type ChatwootInbox = z.infer<typeof inboxSchema>;

export const inboxListSchema = z.looseObject({ payload: z.array(inboxSchema) });

const contactInboxSchema = z.looseObject({
  source_id: z.string(),
  inbox: z.looseObject({ id: z.number().int() }).nullable(),
});

export const contactSchema = z.looseObject({
  id: z.number().int(),
  name: z.string().nullish(),
  phone_number: z.string().nullish(),
  identifier: z.string().nullish(),
  contact_inboxes: z.array(contactInboxSchema).optional(),
});
export type ChatwootContact = z.infer<typeof contactSchema>;

export const contactCreatedSchema = z.looseObject({
  payload: z.looseObject({
    contact: contactSchema,
    contact_inbox: z.looseObject({ source_id: z.string().nullable() }),
  }),
});

export const contactListSchema = z.looseObject({ payload: z.array(contactSchema) });
export const contactShowSchema = z.looseObject({ payload: contactSchema });
export const contactInboxCreatedSchema = contactInboxSchema;

export const conversationSchema = z.looseObject({
  id: z.number().int(),
  status: z.string(),
  inbox_id: z.number().int().optional(),
  last_activity_at: z.number().optional(),
  meta: z
    .looseObject({
      sender: z
        .looseObject({
          id: z.number().int().optional(),
          phone_number: z.string().nullish(),
          identifier: z.string().nullish(),
        })
        .optional(),
    })
    .optional(),
});
export type ChatwootConversation = z.infer<typeof conversationSchema>;

export const conversationListSchema = z.looseObject({
  data: z.looseObject({ payload: z.array(conversationSchema) }),
});

export const messageSchema = z.looseObject({
  id: z.number().int(),
  content: z.string().nullish(),
  /** An integer in REST answers: 0 incoming, 1 outgoing, 2 activity, 3 template. */
  message_type: z.number().int(),
  private: z.boolean().optional(),
  source_id: z.string().nullish(),
  created_at: z.number(),
  status: z.string().nullish(),
  content_attributes: z.record(z.string(), z.unknown()).nullish(),
  sender: z.looseObject({ name: z.string().nullish(), type: z.string().nullish() }).nullish(),
});
export type ChatwootMessage = z.infer<typeof messageSchema>;

export const messageListSchema = z.looseObject({ payload: z.array(messageSchema) });
export const createdMessageSchema = z.looseObject({ id: z.number().int() });
