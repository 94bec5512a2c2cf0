import type { APIRequestContext, Page } from "@playwright/test";
import { expect } from "../fixtures";
import type { Fixture } from "../fixtures";

export const SCREENSHOTS = "e2e/.artifacts/screenshots";

export async function signIn(page: Page, fixture: Fixture) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(fixture.email);
  await page.getByLabel("Password").fill(fixture.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/stores/);
}

/** The open file's Monaco lines. */
export const editorLines = (page: Page) => page.getByTestId("code-editor").locator(".monaco-editor .view-lines");

/** Waits for `expected` in the editor, then types `text` at the end of the file. */
export async function typeAtEnd(page: Page, expected: string, text: string) {
  const lines = editorLines(page);
  await expect(lines).toContainText(expected);
  await lines.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(text);
}

type Memory = { id: string; path: string; content_sha256: string; memory_version_id: string };

/** The fixture's agent, talking to /api/v1 with its key, optionally inside a session. */
export function agentApi(request: APIRequestContext, fixture: Fixture) {
  const headers = (sessionId?: string) => ({ authorization: `Bearer ${fixture.apiKey}`, ...(sessionId ? { "x-engram-session-id": sessionId } : {}) });
  const ok = async <T>(response: Awaited<ReturnType<APIRequestContext["get"]>>): Promise<T> => {
    expect(response.ok(), `${response.url()} → ${response.status()} ${await response.text()}`).toBe(true);
    return (await response.json()) as T;
  };
  const store = `/api/v1/memory_stores/${fixture.storeId}`;
  return {
    startSession: (title: string) => request.post("/api/v1/sessions", { headers: headers(), data: { title } }).then((r) => ok<{ id: string }>(r)),
    endSession: (id: string) => request.post(`/api/v1/sessions/${id}/end`, { headers: headers(), data: {} }).then((r) => ok(r)),
    create: (path: string, content: string, sessionId?: string) =>
      request.post(`${store}/memories`, { headers: headers(sessionId), data: { path, content } }).then((r) => ok<Memory>(r)),
    update: (memoryId: string, content: string, sessionId?: string) =>
      request.post(`${store}/memories/${memoryId}`, { headers: headers(sessionId), data: { content } }).then((r) => ok<Memory>(r)),
    get: (memoryId: string) => request.get(`${store}/memories/${memoryId}`, { headers: headers() }).then((r) => ok<Memory & { content: string }>(r)),
  };
}
