"use client";
import Link from "next/link";
import { useState } from "react";
import { queryKeys } from "@/components/api/query-keys";
import { usePagedList } from "@/components/api/use-paged-list";
import { useStoreNames } from "@/components/stores/use-store-names";
import { useUrlParams } from "@/components/stores/use-url-params";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorAlert } from "@/components/ui/error-alert";
import { LoadMore } from "@/components/ui/load-more";
import { HighlightedSnippet } from "./highlighted-snippet";
import styles from "./file-search.module.css";
import type { WireSearchHit } from "@/server/api/routes/search";

/** GET /api/v1/search (server/api/routes/search.ts). */
export type SearchHit = WireSearchHit;

/** Full-text search over current files: the query lives in the URL, results page on demand, each opens its file at the line. */
export function FileSearch() {
  const url = useUrlParams();
  const q = url.get("q")?.trim() ?? "";
  const [text, setText] = useState(q);
  const [shown, setShown] = useState(q);
  // Back and forward change the URL's query: the field follows.
  if (shown !== q) {
    setShown(q);
    setText(q);
  }
  const { list, rows } = usePagedList<SearchHit>(queryKeys.search.files(q), "/search", { q }, { limit: 20, enabled: q.length > 0 });
  const storeNames = useStoreNames();
  return (
    <>
      <form
        role="search"
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          url.set({ q: text.trim() }, "push");
        }}
      >
        <input
          className={`input ${styles.field}`}
          type="search"
          aria-label="Search current files"
          placeholder="Words, or the start of a word…"
          value={text}
          maxLength={500}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button">
          Search
        </button>
      </form>
      {!q ? (
        <EmptyState title="Search your agents' memory">Every word must appear; the last letters of a word may be left off (“conf” finds “config”).</EmptyState>
      ) : list.isPending ? (
        <div className="muted" role="status" aria-busy="true">
          Searching…
        </div>
      ) : list.isError ? (
        <ErrorAlert error={list.error} lead="Search failed:" />
      ) : rows.length === 0 ? (
        <EmptyState title={`No file matches “${q}”`}>Try fewer or shorter words.</EmptyState>
      ) : (
        <>
          <ol className={styles.results} aria-label="Search results">
            {rows.map((hit) => {
              const href = `/stores/${hit.memory_store_id}?file=${hit.memory_id}&line=${hit.line}`;
              return (
                <li key={`${hit.memory_id}:${hit.line}`} className={styles.result} data-testid="search-result">
                  <div className={styles.head}>
                    <Link className="mono" href={href}>
                      {hit.path}
                    </Link>
                    <span className="muted">line {hit.line}</span>
                    <span className="spacer" />
                    <span className="muted">in {storeNames[hit.memory_store_id] ?? hit.memory_store_id}</span>
                  </div>
                  <Link className={styles.snippet} href={href} tabIndex={-1}>
                    <HighlightedSnippet text={hit.snippet} ranges={hit.highlights} />
                  </Link>
                </li>
              );
            })}
          </ol>
          <LoadMore list={list} />
        </>
      )}
    </>
  );
}
