// The one raw JSON call to /api/v1 for tests that check statuses, envelopes and headers (the SDK
// covers the rest). `key` goes in x-api-key; undefined sends no credentials.
export type Reply = { status: number; body: any; text: string; headers: Headers };

/** A body sent as these exact characters, not JSON-encoded: malformed JSON, a wrong content type. */
export class RawBody {
  constructor(readonly text: string) {}
}

export async function rest(
  origin: string,
  key: string | undefined,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${origin}/api/v1${route}`, {
    method,
    headers: { ...(key === undefined ? {} : { "x-api-key": key }), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : body instanceof RawBody ? body.text : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: parseJson(text), text, headers: res.headers };
}

/** The body as JSON, or null when it is empty or not JSON (a CSV export, a stream). */
function parseJson(text: string): any {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
