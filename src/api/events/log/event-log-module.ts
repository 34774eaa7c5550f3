/**
 * The event log's part in an instance's deletion: its deliveries and events are removed
 * in bounded batches before the instance row goes, so the cascade that follows has
 * little left to do and never holds the process (a busy log has millions of rows).
 * The log has no creation block and no summary of its own.
 */
import { DISABLED, type InstanceModule } from "../../instances/extensions.js";
import type { InstanceRecord } from "../../instances/instance-model.js";
import type { RetentionJob } from "./retention.js";

export function eventLogModule(retention: RetentionJob): InstanceModule {
  return {
    key: "events",
    applyInline: () => Promise.resolve(undefined),
    summary: () => Promise.resolve(DISABLED),
    beforeDelete: (instance: InstanceRecord) => retention.purgeInstance(instance.id),
  };
}
