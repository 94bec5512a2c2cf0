"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { usePagedList } from "@/components/api/use-paged-list";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { FindingsQueue } from "@/components/findings/findings-queue";
import styles from "./compliance-console.module.css";
import { RedactPanel, type RedactTarget } from "./redact-panel";
import { ListTable, type Column } from "@/components/ui/list-table";
import { LoadMore } from "@/components/ui/load-more";
import { RelativeTime } from "@/components/ui/relative-time";
import { useSelection } from "@/components/ui/use-selection";
import type { WireRedactionSearchResult } from "@/server/api/routes/redaction";
import type { WireActor } from "@/components/stores/types";

export type SearchResult = WireRedactionSearchResult;
type Search = { query: string; regex: boolean; storeId: string; includeHistory: boolean };

const actorIdOf = (actor: WireActor) => (actor.type === "session_actor" ? actor.session_id : actor.type === "api_actor" ? actor.api_key_id : actor.user_id);
const actorText = (actor: WireActor) => `${actor.type.replace("_actor", "")} ${actorIdOf(actor)}`;

export function ComplianceConsole() {
  const client = useQueryClient();
  const stores = useQuery({
    queryKey: queryKeys.stores.all(),
    queryFn: () => apiFetch<{ data: { id: string; name: string }[] }>("/memory_stores", { query: { limit: 100 } }),
  });
  const [search, setSearch] = useState<Search | null>(null);
  const selection = useSelection((id) => `Select version ${id}`);

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
    selection.clear();
    setSearch({
      query: String(data.get("query")),
      regex: data.get("regex") === "on",
      storeId: String(data.get("store") ?? ""),
      includeHistory: data.get("history") === "on",
    });
  }
  const columns: Column<SearchResult>[] = [
    { key: "store", header: "Store", cell: (row) => storeName.get(row.store_id) ?? row.store_id },
    {
      key: "path",
      header: "Path",
      className: "mono",
      cell: (row) => (row.path ? <Link href={`/stores/${row.store_id}?file=${row.memory_id}`}>{row.path}</Link> : "—"),
    },
    {
      key: "version",
      header: "Version",
      className: "mono",
      cell: (row) => (
        <>
          <Link href={`/stores/${row.store_id}?file=${row.memory_id}&tab=history&version=${row.version_id}`}>{row.version_id}</Link>{" "}
          <span className="badge muted">{row.operation}</span>
          {row.is_head ? <span className="badge">current</span> : null}
        </>
      ),
    },
    { key: "actor", header: "Actor", className: "mono small", cell: (row) => actorText(row.created_by) },
    { key: "time", header: "Time", cell: (row) => <RelativeTime value={row.created_at} /> },
    { key: "excerpt", header: "Excerpt", className: `mono small ${styles.excerpt}`, cell: (row) => row.excerpt },
  ];

  const target: RedactTarget | null = search ? { query: search.query, regex: search.regex, storeId: search.storeId || null, versionIds: selection.ids } : null;

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
          <ListTable
            label="Search results"
            testId="search-results"
            rowTestId="search-result"
            rows={rows}
            rowKey={(row) => row.version_id}
            columns={columns}
            selection={selection}
          />
        ) : null}
        <LoadMore list={results} />
      </section>
      {target ? <RedactPanel target={target} onDone={() => client.invalidateQueries({ queryKey: queryKeys.compliance.all() })} /> : null}
    </>
  );
}
