/**
 * Writes every provider event to the instance's log (queueing the webhook deliveries it
 * causes in the same transaction), then announces it: nothing else sees an event before
 * it is durable. Events that arrive together are written in one transaction. Settings
 * that stop recording apply here (spec 4.7: ignoreGroupMessages, ignoreStatus).
 */
import type { ExchangeMessage, MessageExchangeData } from "../../../contracts/events.js";
import type { Clock } from "../../../platform/clock.js";
import type { ProviderEvent } from "../../../providers/provider.js";
import { STATUS_BROADCAST } from "../../../providers/jid.js";
import type { InstanceRecord, InstanceSettings } from "../../instances/instance-model.js";
import type { WebhookStore } from "../webhooks/webhook-store.js";
import { wants } from "./envelope.js";
import type { EventHub } from "./event-hub.js";
import { toLogEntry } from "./event-mapping.js";
import type { EventLogStore, StoredEvent } from "./log-store.js";

/** The messages among stored events (their `message.exchange` data), as a send answers them. */
export function messagesOf(stored: readonly StoredEvent[]): ExchangeMessage[] {
  return stored
    .filter((event) => event.event === "message.exchange")
    .map((event) => (event.data as MessageExchangeData).message);
}

export class EventRecorder {
  constructor(
    private readonly log: EventLogStore,
    private readonly webhooks: WebhookStore,
    private readonly settingsOf: (instanceId: string) => Promise<InstanceSettings>,
    private readonly hub: EventHub,
    private readonly kick: (webhookIds: string[]) => void,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the events in one transaction, in their order (a setting may leave some out),
   * then announces each; returns those stored.
   */
  async recordAll(
    instance: InstanceRecord,
    events: readonly ProviderEvent[],
  ): Promise<StoredEvent[]> {
    let settings: Promise<InstanceSettings> | undefined;
    const settingsOnce = () => (settings ??= this.settingsOf(instance.id));
    const kept: ProviderEvent[] = [];
    for (const event of events) {
      if (event.kind === "message" && (await this.ignored(settingsOnce, event.message.chat.jid)))
        continue;
      kept.push(event);
    }
    if (kept.length === 0) return [];
    const at = new Date(this.clock.now()).toISOString();
    const webhooks = await this.webhooks.enabledFilters(instance.id);
    const appends = kept.map((event) => {
      const entry = toLogEntry(event, instance.numberJid, at);
      const webhookIds = webhooks
        .filter((webhook) => wants(webhook.events, entry.event))
        .map((webhook) => webhook.id);
      return { entry, webhookIds, at };
    });
    const seqs = await this.log.appendAll(instance.id, appends);
    const stored = appends.map(({ entry }, index): StoredEvent => {
      const event: StoredEvent = {
        instanceId: instance.id,
        seq: seqs[index] as number,
        event: entry.event,
        data: entry.data,
        hasMedia: entry.mediaBase64 !== null,
        createdAt: at,
      };
      if (entry.mediaBase64 !== null) event.mediaBase64 = entry.mediaBase64;
      return event;
    });
    for (const event of stored) this.hub.publish(event);
    const kicked = new Set(appends.flatMap((append) => append.webhookIds));
    if (kicked.size > 0) this.kick([...kicked]);
    return stored;
  }

  private async ignored(
    settingsOf: () => Promise<InstanceSettings>,
    chatJid: string,
  ): Promise<boolean> {
    const isGroup = chatJid.endsWith("@g.us");
    const isStatus = chatJid === STATUS_BROADCAST;
    if (!isGroup && !isStatus) return false;
    const settings = await settingsOf();
    return (isGroup && settings.ignoreGroupMessages) || (isStatus && settings.ignoreStatus);
  }
}
