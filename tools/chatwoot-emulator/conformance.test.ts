/**
 * OpenAPI conformance: every call made below is matched to its operation in Chatwoot's
 * own application_swagger.json (../shared/chatwoot/ beside the repository) and its
 * JSON request and response are validated with ajv. Where the swagger is known to be
 * wrong (NOTES.md, or Rails' serialisation that the generated spec ignores), the
 * exception is listed in conformance-exceptions.ts with its reason — never silently.
 * Every listed exception must still be needed, so the list cannot go stale.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXCEPTIONS } from "./conformance-exceptions.js";
import type { Direction } from "./conformance-exceptions.js";
import { runScenario } from "./conformance-scenario.js";
import type { RecordedCall } from "./conformance-scenario.js";
import type { Harness, Loose } from "./test-support.js";
import { startHarness, startReceiver } from "./test-support.js";

const SWAGGER_PATH = fileURLToPath(
  new URL("../../../shared/chatwoot/application_swagger.json", import.meta.url),
);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

interface Operation {
  id: string;
  method: string;
  template: string;
  pattern: RegExp;
  spec: Loose;
}

function loadOperations(doc: Loose): Operation[] {
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths as Record<string, Loose>)) {
    for (const [method, spec] of Object.entries(item as Record<string, Loose>)) {
      if (method === "parameters") continue;
      const clean = template.replace(/\/$/, "");
      const source = clean
        .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
        .replace(/\\?\{[^}]+\\?\}/g, "[^/]+");
      ops.push({
        id: spec.operationId,
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${source}/?$`),
        spec,
      });
    }
  }
  // Literal segments win over parameters (/conversations/meta before /conversations/{id}).
  return ops.sort(
    (a, b) => (a.template.match(/\{/g) ?? []).length - (b.template.match(/\{/g) ?? []).length,
  );
}

/** Property names a schema declares at its top level (through $ref and allOf). */
function declaredProperties(doc: Loose, schema: Loose): string[] {
  if (schema === undefined || schema === null) return [];
  if (typeof schema.$ref === "string") {
    const name = (schema.$ref as string).replace("#/components/schemas/", "");
    return declaredProperties(doc, doc.components.schemas[name]);
  }
  const own = Object.keys(schema.properties ?? {});
  const nested = ((schema.allOf ?? []) as Loose[]).flatMap((s) => declaredProperties(doc, s));
  return [...own, ...nested];
}

/**
 * Without `required`, an object schema accepts almost anything; a response sharing no
 * top-level key with its schema is a different shape and is reported as `shape`.
 */
function shapeError(doc: Loose, schema: Loose, body: unknown): ErrorObject[] {
  const declared = declaredProperties(doc, schema);
  if (declared.length === 0 || typeof body !== "object" || body === null || Array.isArray(body))
    return [];
  if (Object.keys(body).some((k) => declared.includes(k))) return [];
  const message = `no declared property among [${Object.keys(body).join(",")}]`;
  return [{ instancePath: "", keyword: "shape", message, params: {}, schemaPath: "" }];
}

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/**
 * The swagger lives in the project's shared material beside the repository (CI has it).
 * A checkout without it skips this suite, with the reason printed.
 */
const SWAGGER_PRESENT = existsSync(SWAGGER_PATH);
if (!SWAGGER_PRESENT) {
  console.warn(`skipping the OpenAPI conformance suite: ${SWAGGER_PATH} is not there`);
}

describe.runIf(SWAGGER_PRESENT)(
  "conformance to Chatwoot's OpenAPI (application_swagger.json)",
  () => {
    let h: Harness;
    let calls: RecordedCall[] = [];
    let ops: Operation[];
    let doc: Loose;
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, verbose: true });
    const compiled = new Map<string, ValidateFunction>();
    const used = new Set<number>();

    beforeAll(async () => {
      doc = JSON.parse(readFileSync(SWAGGER_PATH, "utf8"));
      // Upstream bug (SOURCE.md): contact_inboxes references an undefined schema.
      doc.components.schemas.inbox_contact ??= { type: "object" };
      addFormats(ajv);
      ajv.addFormat("binary", true);
      ajv.addSchema(doc, "swagger.json");
      ops = loadOperations(doc);
      h = await startHarness();
      const rx = await startReceiver();
      calls = await runScenario(h, rx.url);
      await h.emulator.control.waitForDeliveries();
      await rx.close();
    });
    afterAll(() => h.close());

    const validator = (ref: string): ValidateFunction => {
      let fn = compiled.get(ref);
      if (!fn) {
        fn = ajv.compile({ $ref: `swagger.json#${ref}` });
        compiled.set(ref, fn);
      }
      return fn;
    };

    function unexcused(op: Operation, direction: Direction, errors: ErrorObject[]): string[] {
      return errors
        .filter((e) => {
          const index = EXCEPTIONS.findIndex(
            (x) =>
              x.operation === op.id &&
              x.direction === direction &&
              (x.keyword === undefined || x.keyword === e.keyword) &&
              (x.nullOnly !== true || e.data === null) &&
              (typeof x.path === "string"
                ? x.path === e.instancePath
                : x.path.test(e.instancePath)),
          );
          if (index >= 0) used.add(index);
          return index < 0;
        })
        .map((e) => `${op.id} ${direction} ${e.instancePath} ${e.keyword}: ${e.message ?? ""}`);
    }

    function check(call: RecordedCall, op: Operation): string[] {
      const problems: string[] = [];
      const base = pointer("", "paths", op.template, op.method.toLowerCase());
      if (call.requestBody !== undefined && op.spec.requestBody?.content?.["application/json"]) {
        const fn = validator(
          `${base}/${pointer("requestBody", "content", "application/json", "schema")}`,
        );
        if (!fn(call.requestBody)) problems.push(...unexcused(op, "request", fn.errors ?? []));
      }
      const declared = op.spec.responses?.[String(call.status)];
      if (!declared) {
        const statusError = [
          {
            instancePath: "",
            keyword: "status",
            message: `status ${call.status} not declared`,
            params: {},
            schemaPath: "",
          },
        ];
        return [...problems, ...unexcused(op, "response", statusError)];
      }
      const schema = declared.content?.["application/json"]?.schema;
      if (schema && call.responseBody !== undefined) {
        const fn = validator(
          `${base}/${pointer("responses", String(call.status), "content", "application/json", "schema")}`,
        );
        if (!fn(call.responseBody)) problems.push(...unexcused(op, "response", fn.errors ?? []));
        problems.push(...unexcused(op, "response", shapeError(doc, schema, call.responseBody)));
      }
      return problems;
    }

    it("validates every request and response against the swagger (exceptions recorded)", () => {
      const problems: string[] = [];
      const covered = new Set<string>();
      for (const call of calls) {
        const op = ops.find((o) => o.method === call.method && o.pattern.test(call.path));
        if (!op) continue;
        covered.add(op.id);
        problems.push(...check(call, op));
      }
      expect(problems).toEqual([]);
      expect([...covered].sort()).toEqual(
        [
          "GetInbox",
          "add-new-agent-to-inbox",
          "assign-a-conversation",
          "contactConversations",
          "contactCreate",
          "contactDelete",
          "contactDetails",
          "contactFilter",
          "contactList",
          "contactSearch",
          "contactUpdate",
          "conversation-add-labels",
          "conversationFilter",
          "conversationList",
          "conversationListMeta",
          "create-a-new-message-in-a-conversation",
          "create-a-webhook",
          "delete-a-message",
          "delete-a-webhook",
          "fetchProfile",
          "get-details-of-a-conversation",
          "get-inbox-members",
          "inboxCreation",
          "list-all-labels-of-a-conversation",
          "list-all-messages",
          "list-all-webhooks",
          "listAllInboxes",
          "newConversation",
          "toggle-priority-of-a-conversation",
          "toggle-status-of-a-conversation",
          "update-a-webhook",
          "update-conversation",
          "update-custom-attributes-of-a-conversation",
          "updateAgentBot",
          "updateInbox",
        ].sort(),
      );
    });

    it("still needs every recorded exception", () => {
      const stale = EXCEPTIONS.filter((_x, i) => !used.has(i)).map(
        (x) => `${x.operation} ${x.direction} ${String(x.path)}`,
      );
      expect(stale).toEqual([]);
    });
  },
);
