import type { EmulatorContext } from "../context.js";
import { couldNotCreate } from "../errors.js";
import type { Params } from "../http/params.js";
import { present, str, toI } from "../http/params.js";
import type { Contact } from "../types.js";
import type { FilterAttribute } from "./filter-dsl.js";
import { compileFilter, exactAttr, textAttr } from "./filter-dsl.js";

export const CONTACTS_PER_PAGE = 15;

export interface ContactPage {
  contacts: Contact[];
  count: number;
  /** `params[:page] || 1`: the raw string when given, the integer 1 otherwise. */
  currentPage: string | number;
  hasMore?: boolean;
}

const SORTS: Record<string, (c: Contact) => string | number> = {
  name: (c) => c.name.toLowerCase(),
  email: (c) => c.email ?? "",
  phone_number: (c) => c.phoneNumber ?? "",
  last_activity_at: (c) => c.lastActivityAt ?? 0,
  created_at: (c) => c.createdAt,
};

function sortContacts(contacts: Contact[], sort: string | undefined): Contact[] {
  const desc = sort?.startsWith("-") ?? false;
  const key = SORTS[sort?.replace(/^-/, "") ?? ""];
  const sorted = [...contacts].sort((a, b) => a.id - b.id);
  if (!key) return sorted;
  sorted.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return desc ? sorted.reverse() : sorted;
}

function pageOf(p: Params): { page: number; currentPage: string | number } {
  const raw = str(p, "page");
  return { page: Math.max(1, toI(raw ?? "1") || 1), currentPage: raw ?? 1 };
}

/** contacts#index: only "resolved" contacts (with an email, phone or identifier). */
export function listContacts(ctx: EmulatorContext, accountId: number, p: Params): ContactPage {
  const resolved = ctx.state
    .accountContacts(accountId)
    .filter((c) => present(c.email) || present(c.phoneNumber) || present(c.identifier));
  const { page, currentPage } = pageOf(p);
  const sorted = sortContacts(resolved, str(p, "sort"));
  const start = (page - 1) * CONTACTS_PER_PAGE;
  return {
    contacts: sorted.slice(start, start + CONTACTS_PER_PAGE),
    count: resolved.length,
    currentPage,
  };
}

const ilike = (value: string | null, q: string) =>
  value !== null && value.toLowerCase().includes(q.toLowerCase());

/**
 * contacts#search: `q` is stripped, then matched ILIKE against name/email/phone,
 * LIKE (case-sensitive) against identifier, and as an id when all digits. A `+` sent
 * unencoded arrives as a space and is stripped away, exactly as in Rails.
 */
export function searchContacts(ctx: EmulatorContext, accountId: number, p: Params): ContactPage {
  const raw = str(p, "q");
  if (raw === undefined || raw.trim() === "") {
    throw couldNotCreate("Specify search string with parameter q");
  }
  const q = raw.trim();
  const byId = /^\d+$/.test(q) ? Number(q) : null;
  const matches = ctx.state
    .accountContacts(accountId)
    .filter(
      (c) =>
        ilike(c.name, q) ||
        ilike(c.email, q) ||
        ilike(c.phoneNumber, q) ||
        (c.identifier?.includes(q) ?? false) ||
        c.id === byId,
    );
  const { page, currentPage } = pageOf(p);
  const start = (page - 1) * CONTACTS_PER_PAGE;
  const window = sortContacts(matches, str(p, "sort")).slice(start, start + CONTACTS_PER_PAGE + 1);
  const hasMore = window.length > CONTACTS_PER_PAGE;
  const contacts = window.slice(0, CONTACTS_PER_PAGE);
  return { contacts, count: contacts.length, currentPage, hasMore };
}

const additional =
  (key: string) =>
  (c: Contact): unknown =>
    c.additionalAttributes[key];

const CONTACT_FILTERS: Record<string, FilterAttribute<Contact>> = {
  name: textAttr((c) => c.name),
  phone_number: textAttr((c) => c.phoneNumber, ["starts_with"]),
  email: textAttr((c) => c.email),
  identifier: textAttr((c) => c.identifier),
  country_code: exactAttr(additional("country_code")),
  city: textAttr(additional("city")),
  company: textAttr(additional("company_name")),
  blocked: exactAttr((c) => c.blocked),
};

/** contacts/filter: custom attributes already used by a contact count as keys too. */
export function filterContacts(ctx: EmulatorContext, accountId: number, p: Params): ContactPage {
  const contacts = ctx.state.accountContacts(accountId);
  const customKeys = new Set(contacts.flatMap((c) => Object.keys(c.customAttributes)));
  const predicate = compileFilter(p.payload, CONTACT_FILTERS, (key) =>
    customKeys.has(key) ? textAttr((c: Contact) => c.customAttributes[key]) : undefined,
  );
  const matches = sortContacts(contacts.filter(predicate), str(p, "sort"));
  const { page, currentPage } = pageOf(p);
  const start = (page - 1) * CONTACTS_PER_PAGE;
  return {
    contacts: matches.slice(start, start + CONTACTS_PER_PAGE),
    count: matches.length,
    currentPage,
  };
}
