/**
 * Request schemas of the message kinds beyond text and media (ryzeapi-more.md 1.1–1.10).
 * Missing required fields answer their literal sentence (src/platform/http/required-fields.ts);
 * the sentences the docs cut off are decided in docs/messages.md.
 */
import { z } from "zod";
import { literal, required, requiredNumber } from "../../platform/http/required-fields.js";

export const NUMBER_REQUIRED = "Number is required";

/** Fields every send route shares (ryzeapi-more.md 1, "Fields shared by the send routes"). */
export const sendCommon = {
  number: required(NUMBER_REQUIRED),
  delay: z.number().min(0).max(300).optional(),
  replyTo: z.string().trim().min(1).optional(),
  replyPrivate: z.boolean().optional(),
  source: z.string().max(200).optional(),
};

const buttonType = z
  .string()
  .transform((value) => value.toUpperCase())
  .pipe(z.enum(["REPLY", "URL", "CALL", "COPY"]));

const button = z.object({
  id: required("Button id is required"),
  displayText: z.string().trim().optional(),
  type: buttonType.default("REPLY"),
});

export const stickerBody = z.object({
  ...sendCommon,
  imageUrl: required("imageUrl is required"),
});

export const locationBody = z.object({
  ...sendCommon,
  latitude: requiredNumber("Latitude and longitude are required").min(-90).max(90),
  longitude: requiredNumber("Latitude and longitude are required").min(-180).max(180),
  name: z.string().optional(),
  address: z.string().optional(),
});

const contactCard = z.object({
  fullName: required("vcard.fullName is required"),
  phone: required("vcard.phone is required"),
  organization: z.string().optional(),
  email: z.string().optional(),
  url: z.string().optional(),
});
export type ContactCardBody = z.infer<typeof contactCard>;

export const contactBody = z.object({
  ...sendCommon,
  // A single object is still accepted and becomes a one-item array (backward compatible).
  vcard: z
    .union([z.array(contactCard).min(1, { error: literal("vcard is required") }), contactCard], {
      error: literal("vcard is required"),
    })
    .transform((value) => (Array.isArray(value) ? value : [value])),
});

export const pollBody = z.object({
  ...sendCommon,
  question: required("Question is required"),
  options: z
    .array(z.string().trim().min(1), { error: literal("Options are required") })
    .min(2, { error: literal("Poll needs between 2 and 12 options") })
    .max(12, { error: literal("Poll needs between 2 and 12 options") }),
  maxAnswer: z.number().int().optional(),
});

export const buttonBody = z
  .object({
    ...sendCommon,
    contentText: required("contentText is required"),
    buttons: z
      .array(button, { error: literal("At least one button is required") })
      .min(1, { error: literal("At least one button is required") })
      .max(3, { error: literal("At most 3 buttons are allowed") }),
    headerText: z.string().optional(),
    footerText: z.string().optional(),
    mediaUrl: z.string().trim().min(1).optional(),
    mediaType: z
      .string()
      .transform((value) => value.toUpperCase())
      .pipe(z.enum(["IMAGE", "VIDEO", "DOCUMENT"]))
      .optional(),
  })
  .refine((body) => body.mediaUrl === undefined || body.mediaType !== undefined, {
    error: literal("mediaType is required when mediaUrl is sent"),
    path: ["mediaType"],
  });

const listRow = z.object({
  id: required("Row id is required"),
  title: required("Row title is required"),
  description: z.string().default(""),
});

export const listBody = z
  .object({
    ...sendCommon,
    contentText: required("contentText is required"),
    buttonText: required("buttonText is required"),
    sections: z
      .array(
        z.object({
          title: z.string().default(""),
          rows: z.array(listRow).min(1).max(10),
        }),
        { error: literal("At least one section is required") },
      )
      .min(1, { error: literal("At least one section is required") })
      .max(10, { error: literal("At most 10 sections are allowed") }),
    headerText: z.string().optional(),
    footerText: z.string().optional(),
  })
  .refine((body) => body.sections.reduce((sum, s) => sum + s.rows.length, 0) <= 100, {
    error: literal("At most 100 rows are allowed in total"),
    path: ["sections"],
  });

const card = z.object({
  header: z.object(
    {
      title: required("Card header title is required"),
      subtitle: z.string().optional(),
      imageUrl: z.string().trim().min(1).optional(),
      videoUrl: z.string().trim().min(1).optional(),
    },
    { error: literal("Card header title is required") },
  ),
  body: z.object(
    { text: required("Card body text is required") },
    { error: literal("Card body text is required") },
  ),
  footer: z.string().optional(),
  buttons: z
    .array(button.extend({ displayText: required("Button displayText is required") }))
    .max(3)
    .default([]),
});

export const carouselBody = z.object({
  ...sendCommon,
  message: z.string().default(""),
  footer: z.string().optional(),
  cards: z
    .array(card, { error: literal("At least one card is required") })
    .min(1, { error: literal("At least one card is required") })
    .max(10, { error: literal("At most 10 cards are allowed") }),
});

export const formBody = z
  .object({
    ...sendCommon,
    message: z.string().default(""),
    formType: z.enum(["contact_details", "registration_offer"]).optional(),
    buttonLabel: z.string().optional(),
    flowToken: z.string().optional(),
    flowId: z.string().optional(),
    flowMessageVersion: z.string().optional(),
    messageVersion: z.number().int().optional(),
    buttonParamsJSON: z.string().optional(),
    fullNameVisible: z.boolean().optional(),
    phoneNumberVisible: z.boolean().optional(),
    emailVisible: z.boolean().optional(),
    cpfOrCnpjVisible: z.boolean().optional(),
    deliveryAddressVisible: z.boolean().optional(),
    offerName: z.string().optional(),
    offerDescription: z.string().optional(),
  })
  .refine((body) => body.formType !== undefined || body.buttonParamsJSON !== undefined, {
    error: literal("formType or buttonParamsJSON is required"),
    path: ["formType"],
  });

export const PIX_KEY_TYPES = ["CPF", "CNPJ", "EMAIL", "PHONE", "RANDOM"] as const;

export const pixBody = z.object({
  ...sendCommon,
  merchantName: required("merchantName is required"),
  pixKey: required("pixKey is required"),
  pixKeyType: z
    .string({ error: literal("pixKeyType is required") })
    .transform((value) => value.trim().toUpperCase())
    .pipe(
      z.enum(PIX_KEY_TYPES, {
        error: literal("Invalid pixKeyType: use CPF, CNPJ, EMAIL, PHONE or RANDOM"),
      }),
    ),
  message: z.string().default(""),
  items: z
    .array(
      z.object({
        name: required("Item name is required"),
        description: z.string().default(""),
        quantity: z.number().int().min(1).default(1),
        unitPrice: z.number().min(0),
      }),
    )
    .default([]),
});

export const statusBody = z
  .object({
    type: z.enum(["text", "image", "video", "audio"], {
      error: literal("Type is required: text, image, video or audio"),
    }),
    message: z.string().optional(),
    mediaUrl: z.string().trim().min(1).optional(),
    mimeType: z.string().trim().min(1).optional(),
    fileName: z.string().trim().min(1).optional(),
    backgroundColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/)
      .optional(),
    font: z.string().trim().min(1).optional(),
    isVoice: z.boolean().optional(),
    duration: z.number().min(0).optional(),
    waveform: z.unknown().optional(),
    source: z.string().max(200).optional(),
  })
  .refine((body) => body.type !== "text" || (body.message ?? "").trim() !== "", {
    error: literal("Message is required for a text status"),
    path: ["message"],
  })
  .refine((body) => body.type === "text" || body.mediaUrl !== undefined, {
    error: literal("mediaUrl is required for a media status"),
    path: ["mediaUrl"],
  });

export type StickerBody = z.infer<typeof stickerBody>;
export type LocationBody = z.infer<typeof locationBody>;
export type ContactBody = z.infer<typeof contactBody>;
export type PollBody = z.infer<typeof pollBody>;
export type ButtonBody = z.infer<typeof buttonBody>;
export type ListBody = z.infer<typeof listBody>;
export type CarouselBody = z.infer<typeof carouselBody>;
export type FormBody = z.infer<typeof formBody>;
export type PixBody = z.infer<typeof pixBody>;
export type StatusBody = z.infer<typeof statusBody>;
