/** The WebSocket block of instance creation and its summary in `GET /api/instance/list`. */
import { eventTypeSchema } from "../../../contracts/events.js";
import type { InstanceModule, ModuleSummary } from "../../instances/extensions.js";
import type { InstanceRecord } from "../../instances/instance-model.js";
import type { CreateInstanceBody } from "../../instances/instance-schemas.js";
import type { WebsocketService } from "./websocket-service.js";
import type { StreamRegistry } from "./stream-registry.js";

export function websocketModule(
  service: WebsocketService,
  streams: StreamRegistry,
): InstanceModule {
  return {
    key: "websocket",
    async applyInline(instance: InstanceRecord, body: CreateInstanceBody) {
      const { websocketEnabled, websocketEvents, websocketMediaBase64 } = body;
      if ([websocketEnabled, websocketEvents, websocketMediaBase64].every((v) => v === undefined)) {
        return undefined;
      }
      const events = eventTypeSchema.array().safeParse(websocketEvents ?? []);
      if (!events.success) {
        return { enabled: false, error: "websocketEvents holds an unknown event type" };
      }
      return {
        ...(await service.configure(instance, {
          enabled: websocketEnabled ?? true,
          events: events.data,
          mediaBase64: websocketMediaBase64,
        })),
      };
    },
    async summary(instance: InstanceRecord): Promise<ModuleSummary> {
      const config = await service.find(instance);
      return config === undefined
        ? { enabled: false, events: [], mediaBase64: false }
        : { ...config };
    },
    emptySummary: { enabled: false, events: [], mediaBase64: false },
    async summaries(accountId: string): Promise<Map<string, ModuleSummary>> {
      const configs = await service.ofAccount(accountId);
      return new Map([...configs].map(([id, config]) => [id, { ...config }]));
    },
    beforeDelete(instance: InstanceRecord): Promise<void> {
      streams.closeInstance(instance.id);
      return Promise.resolve();
    },
  };
}
