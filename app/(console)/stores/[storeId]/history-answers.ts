import "server-only";
import type { QueryKey } from "@tanstack/react-query";
import { firstPage } from "@/components/api/prefilled";
import { queryKeys } from "@/components/api/query-keys";
import { HISTORY_PAGE, versionPane, type Selection } from "@/components/history/version-selection";
import type { RequestContext } from "@/server/auth/principal";
import { ApiError } from "@/server/http/api-error";
import { diffVersions } from "@/server/memory/diff-versions";
import { getVersion } from "@/server/memory/get-version";
import { listVersions } from "@/server/memory/list-versions";

type Answer = readonly [QueryKey, unknown];

/**
 * What a file's History tab asks for first, read through the domain layer under the history panel's
 * query keys: the first page of versions, the version shown (or the two compared) and the diff beside
 * it, so the server renders the tab and the browser's queries start warm. What the API refuses (a
 * version of another file, the diff of a redacted version) is left out: the browser asks and shows
 * the refusal as it always has.
 */
export async function historyAnswers(ctx: RequestContext, storeId: string, memoryId: string, selection: Selection): Promise<Answer[]> {
  const page = await unlessRefused(listVersions(ctx, storeId, { limit: HISTORY_PAGE, view: "basic", memoryId }));
  if (!page) return [];
  const pane = versionPane(selection, page.data);
  const shown = pane.kind === "compare" ? [pane.from, pane.to] : pane.viewed ? [pane.viewed] : [];
  const diff = pane.kind === "compare" ? pane : pane.viewed && pane.previous ? { from: pane.previous, to: pane.viewed } : null;
  const version = async (id: string): Promise<Answer> => [queryKeys.versions.detail(storeId, id), await unlessRefused(getVersion(ctx, storeId, id, "full"))];
  const changes = async ({ from, to }: { from: string; to: string }): Promise<Answer> => [
    queryKeys.history.diff(storeId, memoryId, from, to),
    await unlessRefused(diffVersions(ctx, storeId, memoryId, { from, to })),
  ];
  const answers = await Promise.all([...shown.map(version), ...(diff ? [changes(diff)] : [])]);
  return [[queryKeys.history.versions(storeId, memoryId), firstPage(page)], ...answers.filter(([, data]) => data !== undefined)];
}

/** The answer, or undefined when the API would answer it with a 4xx. */
async function unlessRefused<T>(answer: Promise<T>): Promise<T | undefined> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof ApiError && error.status < 500) return undefined;
    throw error;
  }
}
