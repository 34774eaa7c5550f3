/**
 * Wires the manager web page (/manager, its session and stream routes) and the
 * operators' /metrics into the API runtime.
 */
import { DEFAULT_ASSETS_DIR, loadAssets } from "../api/manager/manager-assets.js";
import { registerManagerPage } from "../api/manager/manager-page-routes.js";
import { registerManagerSession } from "../api/manager/manager-session-routes.js";
import { registerManagerStream } from "../api/manager/manager-stream-routes.js";
import type { StreamOpener } from "../api/events/websocket/websocket-routes.js";
import { registerMetricsRoutes } from "../platform/metrics/metrics-routes.js";
import type { ApiParts } from "./api-parts.js";

export function wireManager(
  parts: ApiParts,
  streams: StreamOpener,
  assetsDir = DEFAULT_ASSETS_DIR,
): void {
  const assets = loadAssets(assetsDir);
  if (assets.size === 0) {
    parts.logger.warn({ assetsDir }, "the manager page is not built; /manager answers 503");
  }
  registerManagerPage(parts.app, assets);
  registerManagerSession(parts.app);
  registerManagerStream(parts.app, parts.access, streams);
  registerMetricsRoutes(parts.app, parts.metricsRegistry, parts.config.metricsToken);
}
