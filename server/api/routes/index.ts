import "server-only";
import type { AnyRoute } from "../define-route";
import { memoryRoutes } from "./memories";
import { memoryStoreRoutes } from "./memory-stores";
import { memoryVersionRoutes } from "./memory-versions";
import { memoryToolRoutes } from "./memory-tool";
import { timelineRoutes } from "./timeline";
import { eventRoutes } from "./events";
import { agentRoutes } from "./agents";
import { apiKeyRoutes } from "./api-keys";
import { auditEventRoutes } from "./audit-events";
import { grantRoutes } from "./grants";
import { sessionRoutes } from "./sessions";
import { redactionRoutes } from "./redaction";
import { auditExportRoutes } from "./audit-export";
import { transferRoutes } from "./transfer";
import { historyRoutes } from "./history";
import { memberRoutes } from "./members";
import { findingRoutes } from "./findings";
import { searchRoutes } from "./search";
import { goToRoutes } from "./goto";
import { mcpRoutes } from "./mcp";
import { webhookRoutes } from "./webhooks";
import { holdRoutes } from "./holds";
import { proposalRoutes } from "./proposals";
import { actorRoutes } from "./actors";

/** Every /api/v1 endpoint. The authorization matrix test checks each one has a row. */
// Compliance routes come first: their static paths (e.g. /memory_stores/import) must win over parameterised ones.
export const allRoutes: AnyRoute[] = [
  ...redactionRoutes,
  ...findingRoutes,
  ...proposalRoutes,
  ...auditExportRoutes,
  ...transferRoutes,
  ...memoryStoreRoutes,
  ...memoryRoutes,
  ...memoryVersionRoutes,
  ...historyRoutes,
  ...sessionRoutes,
  ...agentRoutes,
  ...apiKeyRoutes,
  ...grantRoutes,
  ...memberRoutes,
  ...auditEventRoutes,
  ...memoryToolRoutes,
  ...timelineRoutes,
  ...eventRoutes,
  ...searchRoutes,
  ...goToRoutes,
  ...mcpRoutes,
  ...webhookRoutes,
  ...holdRoutes,
  ...actorRoutes,
];
