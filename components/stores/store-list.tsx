"use client";
import Link from "next/link";
import { useState } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import type { StoreSummary } from "@/server/stores/store-summaries";
import styles from "./store-list.module.css";
import { useUrlParams } from "./use-url-params";

/** Store cards with counts, last activity and who may touch them; the search box filters by name. */
export function StoreList({ stores }: { stores: StoreSummary[] }) {
  const url = useUrlParams();
  const [query, setQuery] = useState(url.get("q") ?? "");
  const needle = query.trim().toLowerCase();
  const shown = needle ? stores.filter((store) => store.name.toLowerCase().includes(needle)) : stores;
  return (
    <>
      <input
        className="input search"
        type="search"
        placeholder="Search stores by name…"
        aria-label="Search stores"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          url.set({ q: event.target.value });
        }}
      />
      {shown.length === 0 ? (
        <div className="empty-state" role="status">
          <h2>No store matches “{query}”</h2>
        </div>
      ) : (
        <div className={styles.grid}>
          {shown.map((store) => (
            <Link key={store.id} href={`/stores/${store.id}`} className={`card ${styles.storeCard}`} data-testid="store-card">
              <h2>{store.name}</h2>
              <p>{store.description || <span className="muted">No description</span>}</p>
              <div className="stats">
                <span>
                  <strong>{store.memoryCount}</strong> {store.memoryCount === 1 ? "memory" : "memories"}
                </span>
                <span>{store.lastActivity ? <RelativeTime value={store.lastActivity} /> : "no activity"}</span>
              </div>
              <div className={styles.access} data-testid="access-summary">
                {store.access.allAgents ? (
                  <span className="badge">all agents: {store.access.allAgents === "read_write" ? "read-write" : "read-only"}</span>
                ) : null}
                {store.access.readWrite ? <span className="badge">{store.access.readWrite} read-write</span> : null}
                {store.access.readOnly ? <span className="badge muted">{store.access.readOnly} read-only</span> : null}
                {!store.access.allAgents && !store.access.readWrite && !store.access.readOnly ? <span className="badge muted">no agent access</span> : null}
              </div>
              <div className="mono muted" style={{ marginTop: 10 }}>
                {store.id}
              </div>
            </Link>
          ))}
        </div>
      )}
    </>
  );
}
