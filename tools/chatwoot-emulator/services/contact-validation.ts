import type { FieldError } from "../errors.js";
import type { EmulatorState } from "../state.js";
import type { Contact } from "../types.js";

/** `Contact` model format rules: strict E.164 and Devise's email regexp. */
export const E164 = /^\+[1-9]\d{1,14}$/;
const DEVISE_EMAIL = /^[^@\s]+@[^@\s]+$/;

const blank = (v: string | null): boolean => v === null || v.trim() === "";

function taken(
  others: Contact[],
  pick: (c: Contact) => string | null,
  value: string,
  caseInsensitive = false,
): boolean {
  const norm = (s: string) => (caseInsensitive ? s.toLowerCase() : s);
  return others.some((c) => {
    const v = pick(c);
    return v !== null && norm(v) === norm(value);
  });
}

/**
 * The Contact validations in declaration order (email, identifier, phone_number), each
 * skipped when blank and unique per account, with Chatwoot's full messages.
 */
export function validateContact(state: EmulatorState, contact: Contact): FieldError[] {
  const others = state.accountContacts(contact.accountId).filter((c) => c.id !== contact.id);
  const errors: FieldError[] = [];
  const { email, identifier, phoneNumber } = contact;
  if (email !== null && !blank(email)) {
    if (taken(others, (c) => c.email, email, true)) {
      errors.push({ attribute: "email", message: "Email has already been taken" });
    }
    if (!DEVISE_EMAIL.test(email)) {
      errors.push({ attribute: "email", message: "Email is invalid" });
    }
  }
  if (identifier !== null && !blank(identifier) && taken(others, (c) => c.identifier, identifier)) {
    errors.push({ attribute: "identifier", message: "Identifier has already been taken" });
  }
  if (phoneNumber !== null && !blank(phoneNumber)) {
    if (taken(others, (c) => c.phoneNumber, phoneNumber)) {
      errors.push({ attribute: "phone_number", message: "Phone number has already been taken" });
    }
    if (!E164.test(phoneNumber)) {
      errors.push({ attribute: "phone_number", message: "Phone number should be in e164 format" });
    }
  }
  if (contact.name.length > 255) {
    errors.push({
      attribute: "name",
      message: "Name is too long (maximum is 255 characters)",
    });
  }
  return errors;
}
