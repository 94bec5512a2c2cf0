// A raw JSON call to /api/v1 with an API key (x-api-key), for tests that check statuses and envelopes.
export type Reply = { status: number; body: any };

export async function rest(origin: string, key: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${origin}/api/v1${route}`, {
    method,
    headers: { "x-api-key": key, ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
