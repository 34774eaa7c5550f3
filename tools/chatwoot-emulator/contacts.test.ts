import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "./test-support.js";
import { request, seedConversation, startHarness } from "./test-support.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("contacts (NOTES §c)", () => {
  let h: Harness;
  let inboxId: number;
  beforeAll(async () => {
    h = await startHarness();
    const inbox = await h.admin("POST", "inboxes", { name: "WA", channel: { type: "api" } });
    inboxId = inbox.body.id;
  });
  afterAll(() => h.close());

  const create = (body: Record<string, unknown>) => h.admin("POST", "contacts", body);

  it("creates a contact with a contact_inbox when inbox_id is given", async () => {
    const res = await create({
      name: "Alice",
      phone_number: "+5511999990001",
      inbox_id: inboxId,
      source_id: "5511999990001",
    });
    expect(res.status).toBe(200);
    expect(res.body.payload.contact).toMatchObject({
      name: "Alice",
      phone_number: "+5511999990001",
      email: null,
      identifier: null,
      blocked: false,
      availability_status: "offline",
      contact_inboxes: [
        {
          source_id: "5511999990001",
          inbox: { id: inboxId, channel_type: "Channel::Api", provider: null },
        },
      ],
    });
    expect(res.body.payload.contact).not.toHaveProperty("last_activity_at");
    expect(res.body.payload.contact_inbox.source_id).toBe("5511999990001");
    expect(res.body.payload.contact_inbox.inbox).toMatchObject({
      id: inboxId,
      account_id: 1,
      channel_type: "Channel::Api",
    });
  });

  it("generates a UUID source_id for API inboxes, and no contact_inbox without inbox_id", async () => {
    const generated = await create({ name: "Gen", inbox_id: inboxId });
    expect(generated.body.payload.contact_inbox.source_id).toMatch(UUID);
    const none = await create({ name: "Nobody" });
    expect(none.body.payload.contact_inbox).toEqual({ inbox: null, source_id: null });
    expect(none.body.payload.contact.contact_inboxes).toEqual([]);
  });

  it("validates E.164 strictly", async () => {
    for (const phone of [
      "5511999990000",
      "+55 11 99999 0000",
      "+55-11-999990000",
      "+0123",
      "+1234567890123456",
    ]) {
      const res = await create({ name: "Bad", phone_number: phone });
      expect(res.status, phone).toBe(422);
      expect(res.body).toEqual({
        message: "Phone number should be in e164 format",
        attributes: ["phone_number"],
      });
    }
  });

  it("keeps phone, email (case-insensitively) and identifier unique per account", async () => {
    await create({
      name: "U",
      phone_number: "+5511911110000",
      email: "U@Mail.test",
      identifier: "u-1",
    });
    const dupes = await create({
      name: "V",
      phone_number: "+5511911110000",
      email: "u@mail.TEST",
      identifier: "u-1",
    });
    expect(dupes.status).toBe(422);
    expect(dupes.body).toEqual({
      message:
        "Email has already been taken, Identifier has already been taken, Phone number has already been taken",
      attributes: ["email", "identifier", "phone_number"],
    });
    const other = h.emulator.control.createAccount("Other");
    const elsewhere = await request(`${h.emulator.url}/api/v1/accounts/${other.id}/contacts`, {
      method: "POST",
      headers: { api_access_token: other.admin.token, "content-type": "application/json" },
      body: JSON.stringify({ name: "Same", phone_number: "+5511911110000" }),
    });
    expect(elsewhere.status).toBe(200);
    expect((await create({ name: "E", email: "not-an-email" })).body).toEqual({
      message: "Email is invalid",
      attributes: ["email"],
    });
  });

  it("404 for an unknown inbox_id, leaving no contact behind", async () => {
    const res = await create({ name: "Ghost", phone_number: "+5511922220000", inbox_id: 424242 });
    expect(res.status).toBe(404);
    const again = await create({ name: "Ghost", phone_number: "+5511922220000" });
    expect(again.status).toBe(200);
  });

  it("shows and updates a contact, merging attribute hashes", async () => {
    const made = await create({
      name: "M",
      additional_attributes: { a: 1 },
      custom_attributes: { x: "1" },
    });
    const id = made.body.payload.contact.id as number;
    const upd = await h.admin("PUT", `contacts/${id}`, {
      name: "M2",
      additional_attributes: { b: 2 },
      custom_attributes: { y: "2" },
    });
    expect(upd.status).toBe(200);
    expect(upd.body.payload).toMatchObject({
      name: "M2",
      additional_attributes: { a: 1, b: 2 },
      custom_attributes: { x: "1", y: "2" },
    });
    const shown = await h.admin("GET", `contacts/${id}`);
    expect(shown.body.payload.custom_attributes).toEqual({ x: "1", y: "2" });
    const bad = await h.admin("PATCH", `contacts/${id}`, { phone_number: "123" });
    expect(bad.status).toBe(422);
  });

  it("searches 15 a page with has_more, ILIKE on name/email/phone and the id", async () => {
    for (let i = 0; i < 17; i += 1)
      await create({
        name: `Paginated ${i}`,
        phone_number: `+551193333${String(i).padStart(4, "0")}`,
      });
    const first = await h.admin("GET", "contacts/search?q=paginated");
    expect(first.body.meta).toEqual({ count: 15, current_page: 1, has_more: true });
    expect(first.body.payload).toHaveLength(15);
    const second = await h.admin("GET", "contacts/search?q=PAGINATED&page=2");
    expect(second.body.meta).toEqual({ count: 2, current_page: "2", has_more: false });
    const byId = await h.admin("GET", `contacts/search?q=${first.body.payload[0].id as number}`);
    expect(byId.body.payload.map((c: { id: number }) => c.id)).toContain(first.body.payload[0].id);
  });

  it("treats an unencoded + as a space (stripped), %2B as a plus", async () => {
    await create({ name: "Plus", phone_number: "+4915112345678" });
    await create({ name: "NoPlus", identifier: "4915112345678x" });
    const encoded = await h.admin("GET", "contacts/search?q=%2B4915112345678");
    expect(encoded.body.payload.map((c: { name: string }) => c.name)).toEqual(["Plus"]);
    const raw = await h.admin("GET", "contacts/search?q=+4915112345678");
    expect(raw.body.payload.map((c: { name: string }) => c.name).sort()).toEqual([
      "NoPlus",
      "Plus",
    ]);
  });

  it("matches identifier case-sensitively", async () => {
    await create({ name: "Ident", identifier: "CaseID-77" });
    expect((await h.admin("GET", "contacts/search?q=CaseID-77")).body.payload).toHaveLength(1);
    expect((await h.admin("GET", "contacts/search?q=caseid-77")).body.payload).toHaveLength(0);
  });

  it("filters with the custom-filter DSL (AND/OR) and rejects bad keys and operators", async () => {
    await create({
      name: "Filter One",
      phone_number: "+5511944440001",
      custom_attributes: { tier: "gold" },
    });
    await create({ name: "Filter Two", phone_number: "+5511944440002" });
    const byPhone = await h.admin("POST", "contacts/filter", {
      payload: [
        {
          attribute_key: "phone_number",
          filter_operator: "equal_to",
          values: ["+5511944440002"],
          query_operator: null,
        },
      ],
    });
    expect(byPhone.body.payload.map((c: { name: string }) => c.name)).toEqual(["Filter Two"]);
    expect(byPhone.body.meta).toEqual({ count: 1, current_page: 1 });
    const either = await h.admin("POST", "contacts/filter", {
      payload: [
        {
          attribute_key: "tier",
          filter_operator: "equal_to",
          values: ["gold"],
          query_operator: "OR",
        },
        {
          attribute_key: "name",
          filter_operator: "contains",
          values: ["two"],
          query_operator: null,
        },
      ],
    });
    expect(either.body.payload.map((c: { name: string }) => c.name).sort()).toEqual([
      "Filter One",
      "Filter Two",
    ]);
    const badKey = await h.admin("POST", "contacts/filter", {
      payload: [{ attribute_key: "shoe_size", filter_operator: "equal_to", values: ["9"] }],
    });
    expect(badKey.status).toBe(422);
    expect(badKey.body.error).toMatch(
      /^Invalid attribute key - \[shoe_size\]\. The key should be one of \[name,/,
    );
    const badOp = await h.admin("POST", "contacts/filter", {
      payload: [{ attribute_key: "name", filter_operator: "is_greater_than", values: ["a"] }],
    });
    expect(badOp.body).toEqual({
      error:
        "Invalid operator. The allowed operators for name are [equal_to,not_equal_to,contains,does_not_contain].",
    });
    const badJoin = await h.admin("POST", "contacts/filter", {
      payload: [
        {
          attribute_key: "name",
          filter_operator: "contains",
          values: ["a"],
          query_operator: "XOR",
        },
        { attribute_key: "name", filter_operator: "contains", values: ["b"] },
      ],
    });
    expect(badJoin.body).toEqual({ error: 'Query operator must be either "AND" or "OR"' });
  });

  it("lists only resolved contacts (email, phone or identifier), 15 a page with the total", async () => {
    await create({ name: "Anonymous only" });
    const res = await h.admin("GET", "contacts?include_contact_inboxes=false");
    expect(res.body.meta.current_page).toBe(1);
    expect(res.body.payload).toHaveLength(15);
    expect(res.body.meta.count).toBeGreaterThan(15);
    expect(res.body.payload[0]).not.toHaveProperty("contact_inboxes");
    const all = await h.admin("GET", "contacts?page=9");
    expect(all.body.payload).toEqual([]);
  });

  it("lists a contact's conversations and contact inboxes, and adds contact_inboxes", async () => {
    const seeded = await seedConversation(h.admin, { inboxId });
    const convs = await h.admin("GET", `contacts/${seeded.contactId}/conversations`);
    expect(convs.body.payload.map((c: { id: number }) => c.id)).toEqual([seeded.conversationId]);
    const added = await h.admin("POST", `contacts/${seeded.contactId}/contact_inboxes`, {
      inbox_id: inboxId,
      source_id: "extra-session",
    });
    expect(added.body).toMatchObject({ source_id: "extra-session", inbox: { id: inboxId } });
    const clash = await create({ name: "Clash" });
    const dup = await h.admin(
      "POST",
      `contacts/${clash.body.payload.contact.id as number}/contact_inboxes`,
      { inbox_id: inboxId, source_id: "extra-session" },
    );
    expect([dup.status, dup.body]).toEqual([422, { error: "source_id should be unique" }]);
    const contactable = await h.admin("GET", `contacts/${seeded.contactId}/contactable_inboxes`);
    expect(contactable.body.payload[0]).toMatchObject({ inbox: { id: inboxId } });
  });

  it("merges the mergee into the base contact", async () => {
    const base = await create({
      name: "Base",
      email: "base@x.test",
      custom_attributes: { k: "base" },
    });
    const mergee = await seedConversation(h.admin, { inboxId });
    await h.admin("PUT", `contacts/${mergee.contactId}`, {
      custom_attributes: { k: "mergee", extra: "1" },
    });
    const baseId = base.body.payload.contact.id as number;
    const res = await h.admin("POST", "actions/contact_merge", {
      base_contact_id: baseId,
      mergee_contact_id: mergee.contactId,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: baseId,
      name: "Base",
      email: "base@x.test",
      custom_attributes: { k: "base", extra: "1" },
    });
    expect(res.body.phone_number).toMatch(/^\+5511/);
    expect((await h.admin("GET", `contacts/${mergee.contactId}`)).status).toBe(404);
    const convs = await h.admin("GET", `contacts/${baseId}/conversations`);
    expect(convs.body.payload.map((c: { id: number }) => c.id)).toEqual([mergee.conversationId]);
  });

  it("deletes contacts (administrators only)", async () => {
    const made = await create({ name: "Bye" });
    const id = made.body.payload.contact.id as number;
    expect((await h.agent("DELETE", `contacts/${id}`)).status).toBe(401);
    const res = await h.admin("DELETE", `contacts/${id}`);
    expect([res.status, res.text]).toEqual([200, ""]);
    expect((await h.admin("GET", `contacts/${id}`)).status).toBe(404);
  });
});
