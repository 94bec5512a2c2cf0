"use client";
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { errorText } from "@/components/ui/error-text";
import { RedactPanel, type RedactTarget } from "./redact-panel";

export type Actor = { type: string; session_id?: string; api_key_id?: string; user_id?: string };
export type SearchResult = {
  memory_id: string;
  store_id: string;
  version_id: string;
  path: string | null;
  operation: string;
  created_at: string;
  created_by: Actor;
  is_head: boolean;
  match_count: number;
  excerpt: string;
};
type Search = { query: string; regex: boolean; storeId: string; includeHistory: boolean };

export const actorText = (actor: Actor) => `${actor.type.replace("_actor", "")} ${actor.session_id ?? actor.api_key_id ?? actor.user_id ?? ""}`;

export function ComplianceConsole() {
  const client = useQueryClient();
  const stores = useQuery({
    queryKey: queryKeys.stores.all(),
    queryFn: () => apiFetch<{ data: { id: string; name: string }[] }>("/memory_stores", { query: { limit: 100 } }),
  });
  const [search, setSearch] = useState<Search | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());

  const results = useInfiniteQuery({
    queryKey: queryKeys.compliance.search(search ?? {}),
    enabled: search !== null,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      apiFetch<{ data: SearchResult[]; next_page: string | null }>("/redaction/search", {
        method: "POST",
        body: {
          query: search!.query,
          regex: search!.regex,
          store_id: search!.storeId || undefined,
          include_history: search!.includeHistory,
          limit: 50,
          page: pageParam,
        },
      }),
    getNextPageParam: (last) => last.next_page ?? undefined,
  });
  const rows = results.data?.pages.flatMap((page) => page.data) ?? [];
  const storeName = new Map((stores.data?.data ?? []).map((store) => [store.id, store.name]));

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setSelected(new Set());
    setSearch({
      query: String(data.get("query")),
      regex: data.get("regex") === "on",
      storeId: String(data.get("store") ?? ""),
      includeHistory: data.get("history") === "on",
    });
  }
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const target: RedactTarget | null = search ? { query: search.query, regex: search.regex, storeId: search.storeId || null, versionIds: [...selected] } : null;

  return (
    <>
      <section className="card" aria-labelledby="find-heading">
        <h2 id="find-heading">Find</h2>
        <form className="inline-form" onSubmit={onSearch} aria-label="Find in history">
          <label className="grow">
            Text or pattern
            <input name="query" required maxLength={1000} placeholder="e.g. sk-live-… or AKIA[0-9A-Z]{16}" />
          </label>
          <label>
            Store
            <select name="store" defaultValue="">
              <option value="">every store</option>
              {(stores.data?.data ?? []).map((store) => (
                <option key={store.id} value={store.id}>
                  {store.name}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" name="regex" /> regular expression
          </label>
          <label className="check">
            <input type="checkbox" name="history" defaultChecked /> whole history
          </label>
          <button type="submit" className="button">
            Search
          </button>
        </form>
        {results.error ? (
          <div className="alert" role="alert">
            {errorText(results.error)}
          </div>
        ) : null}
        {search && results.isSuccess ? (
          <p className="muted" role="status" data-testid="search-summary">
            {rows.length === 0
              ? "No matches."
              : `${rows.length}${results.hasNextPage ? "+" : ""} versions match. Excerpts are masked; the matched text never leaves the server.`}
          </p>
        ) : null}
        {rows.length > 0 ? (
          <div className="table-wrap">
            <table data-testid="search-results">
              <thead>
                <tr>
                  <th>
                    <span className="sr-only">Select</span>
                  </th>
                  <th>Store</th>
                  <th>Path</th>
                  <th>Version</th>
                  <th>Actor</th>
                  <th>Time</th>
                  <th>Excerpt</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.version_id} data-testid="search-result">
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select version ${row.version_id}`}
                        checked={selected.has(row.version_id)}
                        onChange={() => toggle(row.version_id)}
                      />
                    </td>
                    <td>{storeName.get(row.store_id) ?? row.store_id}</td>
                    <td className="mono">{row.path ?? "—"}</td>
                    <td className="mono">
                      {row.version_id} <span className="badge muted">{row.operation}</span>
                      {row.is_head ? <span className="badge">current</span> : null}
                    </td>
                    <td className="mono small">{actorText(row.created_by)}</td>
                    <td>{new Date(row.created_at).toLocaleString()}</td>
                    <td className="mono small excerpt">{row.excerpt}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {results.hasNextPage ? (
          <button type="button" className="button ghost" disabled={results.isFetchingNextPage} onClick={() => void results.fetchNextPage()}>
            Load more
          </button>
        ) : null}
      </section>
      {target ? <RedactPanel target={target} onDone={() => client.invalidateQueries({ queryKey: queryKeys.compliance.all() })} /> : null}
    </>
  );
}
