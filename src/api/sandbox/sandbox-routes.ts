/** HTTP routes of the sandbox phone (ponte's extension; docs/sandbox.md). */
import type { HttpServer } from "../../platform/http/server.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceAccess } from "../instances/access.js";
import { instanceParams } from "../instances/instance-schemas.js";
import {
  contactsBody,
  faultsBody,
  inboundBody,
  outboxQuery,
  receiptBody,
} from "./sandbox-schemas.js";
import type { SandboxService } from "./sandbox-service.js";

const tags = ["sandbox"];

export function registerSandboxRoutes(
  app: HttpServer,
  service: SandboxService,
  access: InstanceAccess,
): void {
  registerPhoneSide(app, service, access);
  registerInspection(app, service, access);
}

/** What the contact and the contact's phone do. */
function registerPhoneSide(app: HttpServer, service: SandboxService, access: InstanceAccess): void {
  app.post(
    "/api/sandbox/inbound/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "A contact sends a message, reaction, edit or revoke to a sandbox instance",
        params: instanceParams,
        body: inboundBody,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const data = await service.inbound(instance, request.body);
      return { success: true, message: "Inbound message delivered", data };
    },
  );

  app.post(
    "/api/sandbox/receipt/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "The contact's phone reports a sent message delivered, read or played",
        params: instanceParams,
        body: receiptBody,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      await service.receipt(instance, request.body);
      const { messageId, status } = request.body;
      return { success: true, message: "Receipt delivered", data: { messageId, status } };
    },
  );
}

/** What the instance sent, and the faults tests inject. */
function registerInspection(
  app: HttpServer,
  service: SandboxService,
  access: InstanceAccess,
): void {
  app.get(
    "/api/sandbox/outbox/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "What a sandbox instance sent, in order (?after=N skips the first N)",
        params: instanceParams,
        querystring: outboxQuery,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const outbox = service.outbox(instance, request.query.after);
      return { success: true, message: `${outbox.length} outbox entries`, outbox };
    },
  );

  app.post(
    "/api/sandbox/contacts/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "Save contacts in the sandbox phone's address book",
        params: instanceParams,
        body: contactsBody,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const total = service.saveContacts(instance, request.body.contacts);
      return { success: true, message: "Contacts saved", total };
    },
  );

  app.post(
    "/api/sandbox/faults/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "Make the next sends fail or slow, or numbers unknown to WhatsApp",
        params: instanceParams,
        body: faultsBody,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const faults = service.setFaults(instance, request.body);
      return { success: true, message: "Sandbox faults updated", faults };
    },
  );
}
