import "server-only";
import { authorizeStore } from "../auth/authorize";
import type { RequestContext } from "../auth/principal";

export const getStore = (ctx: RequestContext, storeId: string) => authorizeStore(ctx, "stores:read", storeId);
