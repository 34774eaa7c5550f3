/** Settings, proxy and S3 blocks of an instance (spec/ryzeapi.md 4.7–4.9). */
import { badRequest, documentedFailure } from "../../platform/errors.js";
import type { Logger } from "../../platform/logger.js";
import type { OutboundPolicy } from "../../platform/net/outbound-guard.js";
import { checkProxy, checkS3 } from "./endpoint-checks.js";
import type { z } from "zod";
import { mergeSettings, proxyFromBody, proxyView, s3FromBody, s3View } from "./blocks.js";
import type { InstanceRecord, InstanceSettings } from "./instance-model.js";
import type { proxyBodySchema, s3BodySchema, settingsPatchSchema } from "./instance-schemas.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceStore } from "./instance-store.js";

export const NO_SETTING = "At least one setting must be provided";

export class InstanceConfigService {
  constructor(
    private readonly store: InstanceStore,
    private readonly logger: Logger,
    private readonly connections: ConnectionManager,
    private readonly outbound: OutboundPolicy,
  ) {}

  getSettings(instance: InstanceRecord): Promise<InstanceSettings> {
    return this.guard("Failed to get settings configuration", () =>
      this.store.getSettings(instance.id),
    );
  }

  async updateSettings(
    instance: InstanceRecord,
    patch: z.infer<typeof settingsPatchSchema>,
  ): Promise<InstanceSettings> {
    if (Object.keys(patch).length === 0) throw badRequest(NO_SETTING);
    const next = await this.guard("Failed to update settings configuration", async () => {
      const merged = mergeSettings(await this.store.getSettings(instance.id), patch);
      await this.store.putSettings(instance.id, merged);
      return merged;
    });
    // The live connection applies them now; a failure there never undoes the stored change.
    await this.connections
      .held(instance.id)
      ?.applySettings?.(next)
      .catch((error: unknown) => {
        this.logger.warn({ err: error, instance: instance.name }, "settings not applied live");
      });
    return next;
  }

  async getProxy(instance: InstanceRecord) {
    return proxyView(
      await this.guard("Failed to get proxy configuration", () => this.store.getProxy(instance.id)),
    );
  }

  async updateProxy(instance: InstanceRecord, body: z.infer<typeof proxyBodySchema>) {
    const proxy = proxyFromBody(body);
    await checkProxy(proxy, this.outbound);
    await this.guard("Failed to update proxy configuration", () =>
      this.store.putProxy(instance.id, proxy),
    );
    return proxyView(proxy);
  }

  async getS3(instance: InstanceRecord) {
    return s3View(
      await this.guard("Failed to get S3 configuration", () => this.store.getS3(instance.id)),
    );
  }

  async updateS3(instance: InstanceRecord, body: z.infer<typeof s3BodySchema>) {
    const s3 = s3FromBody(body);
    await checkS3(s3, this.outbound);
    await this.guard("Failed to update S3 configuration", () => this.store.putS3(instance.id, s3));
    return s3View(s3);
  }

  /** Store failures become the documented 500 message; the cause goes to the log. */
  private guard<T>(message: string, work: () => Promise<T>): Promise<T> {
    return documentedFailure(message, this.logger, work);
  }
}
