/** Request and response schemas of the profile module (ryzeapi-more.md 6). */
import { z } from "zod";
import { literal } from "../../platform/http/required-fields.js";
import { PRIVACY_VALUES } from "../../providers/provider-profile.js";

export const AT_LEAST_ONE_FIELD =
  "At least one of profilePicture, profileName or profileStatus is required";
export const AT_LEAST_ONE_SETTING = "At least one privacy setting is required";

export const accountBody = z
  .object({
    /** A public URL or a `data:` URL; "" removes the picture. */
    profilePicture: z.string().optional(),
    profileName: z.string().trim().min(1).max(25).optional(),
    profileStatus: z.string().max(139).optional(),
  })
  .refine(
    (body) =>
      body.profilePicture !== undefined ||
      body.profileName !== undefined ||
      body.profileStatus !== undefined,
    {
      error: literal(AT_LEAST_ONE_FIELD),
    },
  );
export type AccountBody = z.infer<typeof accountBody>;

export const getAccountQuery = z.object({
  number: z.string().optional(),
  token: z.string().optional(),
});

const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional();

export const privacyBody = z
  .object({
    visibility: z
      .object({
        lastSeen: choice(PRIVACY_VALUES.lastSeen),
        status: choice(PRIVACY_VALUES.status),
        profile: choice(PRIVACY_VALUES.profile),
        online: choice(PRIVACY_VALUES.online),
      })
      .optional(),
    privacy: z.object({ readReceipts: choice(PRIVACY_VALUES.readReceipts) }).optional(),
    permissions: z
      .object({
        callAdd: choice(PRIVACY_VALUES.callAdd),
        groupAdd: choice(PRIVACY_VALUES.groupAdd),
      })
      .optional(),
  })
  .refine(
    (body) =>
      body.visibility !== undefined || body.privacy !== undefined || body.permissions !== undefined,
    {
      error: literal(AT_LEAST_ONE_SETTING),
    },
  );
export type PrivacyBody = z.infer<typeof privacyBody>;

export const tokenQuery = z.object({ token: z.string().optional() });

const settings = z.object({
  visibility: z.object({
    lastSeen: z.string(),
    status: z.string(),
    profile: z.string(),
    online: z.string(),
  }),
  privacy: z.object({ readReceipts: z.string() }),
  permissions: z.object({ callAdd: z.string(), groupAdd: z.string() }),
});

export const privacyReply = z.object({ success: z.literal(true), message: z.string(), settings });

export const profileReply = z.object({
  success: z.literal(true),
  message: z.string(),
  profile: z.object({
    profilePicture: z.string().nullable(),
    profileName: z.string().optional(),
    profileStatus: z.string().optional(),
    phoneNumber: z.string().optional(),
    jid: z.string().optional(),
    lid: z.string().optional(),
    onWhatsApp: z.boolean(),
  }),
});

export const accountReply = z.object({
  success: z.literal(true),
  message: z.string(),
  updatedFields: z.array(z.string()),
});
