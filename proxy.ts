import { NextResponse, type NextRequest } from "next/server";
import { RETURN_TO_HEADER } from "@/lib/return-path";

// Server components cannot see their own URL; this hands it over, so a signed-out visitor's deep
// link survives sign-in. It decides nothing: every page still authenticates in requireUser.
export function proxy(request: NextRequest) {
  // The query exactly as asked (nextUrl re-serialises it, turning %20 into +), less Next's own _rsc marker.
  const url = new URL(request.url);
  let search = url.search;
  if (url.searchParams.has("_rsc")) {
    const params = new URLSearchParams(url.searchParams);
    params.delete("_rsc");
    search = params.size ? `?${params}` : "";
  }
  const headers = new Headers(request.headers);
  headers.set(RETURN_TO_HEADER, `${url.pathname}${search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api/|_next/|login|favicon\\.ico).*)"] };
