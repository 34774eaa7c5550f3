/**
 * Writes every provider event to the instance's log (queueing the webhook deliveries it
 * causes in the same transaction), then announces it: nothing else sees an event before
 * it is durable. Settings that stop recording apply here (spec 4.7: ignoreGroupMessages,
 * ignoreStatus).
 */
import type { Clock } from "../../../platform/clock.js";
import type { ProviderEvent } from "../../../providers/provider.js";
import { STATUS_BROADCAST } from "../../../providers/jid.js";
import type { InstanceRecord, InstanceSettings } from "../../instances/instance-model.js";
import type { WebhookStore } from "../webhooks/webhook-store.js";
import { wants } from "./envelope.js";
import type { EventHub } from "./event-hub.js";
import { toLogEntry } from "./event-mapping.js";
import type { EventLogStore, StoredEvent } from "./log-store.js";

export class EventRecorder {
  constructor(
    private readonly log: EventLogStore,
    private readonly webhooks: WebhookStore,
    private readonly settingsOf: (instanceId: string) => Promise<InstanceSettings>,
    private readonly hub: EventHub,
    private readonly kick: (webhookIds: string[]) => void,
    private readonly clock: Clock,
  ) {}

  /** Returns the stored event, or undefined when a setting says not to record it. */
  async record(instance: InstanceRecord, event: ProviderEvent): Promise<StoredEvent | undefined> {
    if (event.kind === "message" && (await this.ignored(instance, event.message.chat.jid))) {
      return undefined;
    }
    const at = new Date(this.clock.now()).toISOString();
    const entry = toLogEntry(event, instance.numberJid, at);
    const webhookIds = (await this.webhooks.enabledFilters(instance.id))
      .filter((webhook) => wants(webhook.events, entry.event))
      .map((webhook) => webhook.id);
    const seq = await this.log.append(instance.id, entry, webhookIds, at);
    const stored: StoredEvent = {
      instanceId: instance.id,
      seq,
      event: entry.event,
      data: entry.data,
      hasMedia: entry.mediaBase64 !== null,
      createdAt: at,
    };
    if (entry.mediaBase64 !== null) stored.mediaBase64 = entry.mediaBase64;
    this.hub.publish(stored);
    if (webhookIds.length > 0) this.kick(webhookIds);
    return stored;
  }

  private async ignored(instance: InstanceRecord, chatJid: string): Promise<boolean> {
    const isGroup = chatJid.endsWith("@g.us");
    const isStatus = chatJid === STATUS_BROADCAST;
    if (!isGroup && !isStatus) return false;
    const settings = await this.settingsOf(instance.id);
    return (isGroup && settings.ignoreGroupMessages) || (isStatus && settings.ignoreStatus);
  }
}
