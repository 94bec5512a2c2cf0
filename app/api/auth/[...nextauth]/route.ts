import type { NextRequest } from "next/server";
import { handlers } from "@/server/auth/next-auth";
import { asAddressed } from "@/server/auth/oidc-request-url";

export const GET = (request: NextRequest) => handlers.GET(asAddressed(request));
export const POST = (request: NextRequest) => handlers.POST(asAddressed(request));
