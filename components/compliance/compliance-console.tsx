"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { usePagedList } from "@/components/api/use-paged-list";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { FindingsQueue } from "@/components/findings/findings-queue";
import { RedactPanel, type RedactTarget } from "./redact-panel";
import { TableWrap } from "@/components/ui/table-wrap";
import type { WireRedactionSearchResult } from "@/server/api/routes/redaction";

export type Actor = { type: string; session_id?: string; api_key_id?: string; user_id?: string };
export type SearchResult = WireRedactionSearchResult;
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

  const { list: results, rows } = usePagedList<SearchResult>(
    queryKeys.compliance.search(search ?? {}),
    "/redaction/search",
    {},
    {
      limit: 50,
      enabled: search !== null,
      body: search ? { query: search.query, regex: search.regex, store_id: search.storeId || undefined, include_history: search.includeHistory } : {},
    },
  );
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
      <FindingsQueue storeNames={storeName} onChanged={() => void client.invalidateQueries({ queryKey: queryKeys.compliance.all() })} />
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
        {results.error ? <ErrorAlert error={results.error} /> : null}
        {search && results.isSuccess ? (
          <p className="muted" role="status" data-testid="search-summary">
            {rows.length === 0
              ? "No matches."
              : `${rows.length}${results.hasNextPage ? "+" : ""} versions match. Excerpts are masked; the matched text never leaves the server.`}
          </p>
        ) : null}
        {rows.length > 0 ? (
          <TableWrap label="Search results">
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
                    <td className="mono">{row.path ? <Link href={`/stores/${row.store_id}?file=${row.memory_id}`}>{row.path}</Link> : "—"}</td>
                    <td className="mono">
                      <Link href={`/stores/${row.store_id}?file=${row.memory_id}&tab=history&version=${row.version_id}`}>{row.version_id}</Link>{" "}
                      <span className="badge muted">{row.operation}</span>
                      {row.is_head ? <span className="badge">current</span> : null}
                    </td>
                    <td className="mono small">{actorText(row.created_by)}</td>
                    <td>{new Date(row.created_at).toLocaleString()}</td>
                    <td className="mono small excerpt">{row.excerpt}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
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
