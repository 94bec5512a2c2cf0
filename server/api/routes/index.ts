import "server-only";
import type { AnyRoute } from "../define-route";
import { memoryRoutes } from "./memories";
import { memoryStoreRoutes } from "./memory-stores";
import { memoryVersionRoutes } from "./memory-versions";

/** Every /api/v1 endpoint. The authorization matrix test checks each one has a row. */
export const allRoutes: AnyRoute[] = [...memoryStoreRoutes, ...memoryRoutes, ...memoryVersionRoutes];
