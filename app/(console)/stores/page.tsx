import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RelativeTime } from "@/components/ui/relative-time";
import { requireUser } from "@/server/auth/require-user";
import { storeSummaries } from "./store-summaries";

export const metadata: Metadata = { title: "Stores" };

export default async function StoresPage() {
  const { ctx } = await requireUser();
  const stores = await storeSummaries(ctx);
  return (
    <>
      <PageHeader title="Stores" description="Memory stores in this workspace: what your agents read and write." />
      {stores.length === 0 ? (
        <EmptyState title="No stores yet">
          Create one through the API (<code>POST /api/v1/memory_stores</code>) or load the demo with <code>npm run db:seed</code>.
        </EmptyState>
      ) : (
        <div className="card-grid">
          {stores.map((store) => (
            <article key={store.id} className="card store-card" data-testid="store-card">
              <h2>{store.name}</h2>
              <p>{store.description || <span className="muted">No description</span>}</p>
              <div className="stats">
                <span>
                  <strong>{store.memoryCount}</strong> {store.memoryCount === 1 ? "memory" : "memories"}
                </span>
                <span>{store.lastActivity ? <RelativeTime value={store.lastActivity} /> : "no activity"}</span>
              </div>
              <div className="mono muted" style={{ marginTop: 10 }}>
                {store.id}
              </div>
            </article>
          ))}
        </div>
      )}
    </>
  );
}
