"use client";
import { useQueryClient } from "@tanstack/react-query";
import { usePagedList } from "@/components/api/use-paged-list";
import { useState } from "react";
import { queryKeys } from "@/components/api/query-keys";
import { ActorLabel } from "@/components/stores/actor-label";
import type { ActorNames } from "@/components/stores/types";
import { useStoreNames } from "@/components/stores/use-store-names";
import { ErrorAlert } from "@/components/ui/error-alert";
import { LoadMore } from "@/components/ui/load-more";
import { RelativeTime } from "@/components/ui/relative-time";
import { ListTable, type Column } from "@/components/ui/list-table";
import styles from "./holds-console.module.css";
import { LiftHoldButton } from "./lift-hold-button";
import { PlaceHoldForm } from "./place-hold-form";
import type { Hold } from "./types";

/** Compliance's view of legal holds: place one on a store or a memory, see who placed each and why, lift it with a reason. */
export function HoldsConsole({ canManage, names }: { canManage: boolean; names: ActorNames }) {
  const client = useQueryClient();
  const storeNames = useStoreNames();
  const [status, setStatus] = useState<"active" | "">("active");
  const { list, rows } = usePagedList<Hold>(queryKeys.holds.list({ status }), "/holds", { status });
  const refresh = () => void client.invalidateQueries({ queryKey: queryKeys.holds.all() });
  const columns: Column<Hold>[] = [
    {
      key: "on",
      header: "On",
      cell: (hold) => (
        <>
          {storeNames[hold.memory_store_id] ?? hold.memory_store_id}
          {hold.memory_id ? <div className="mono muted">{hold.memory_id}</div> : <div className="muted">whole store</div>}
        </>
      ),
    },
    { key: "reason", header: "Reason", className: styles.reasonCell, cell: (hold) => hold.reason },
    {
      key: "placed",
      header: "Placed",
      cell: (hold) => (
        <>
          <ActorLabel actor={hold.placed_by} names={names} /> · <RelativeTime value={hold.placed_at} />
        </>
      ),
    },
    {
      key: "status",
      header: "Status",
      cell: (hold) =>
        hold.status === "active" ? (
          <span className="badge">active</span>
        ) : (
          <span className="muted">
            lifted <RelativeTime value={hold.lifted_at!} />: {hold.lift_reason}
          </span>
        ),
    },
    {
      key: "actions",
      header: "Actions",
      srOnly: true,
      cell: (hold) => (canManage && hold.status === "active" ? <LiftHoldButton hold={hold} onLifted={refresh} /> : null),
    },
  ];
  return (
    <>
      {canManage ? (
        <section className="card" aria-labelledby="place-hold-heading">
          <h2 id="place-hold-heading">Place a hold</h2>
          <PlaceHoldForm storeNames={storeNames} onPlaced={refresh} />
        </section>
      ) : null}
      <section className="card" aria-labelledby="holds-heading">
        <div className={styles.toolbar}>
          <h2 id="holds-heading">Holds</h2>
          <label>
            Show
            <select className="input" value={status} onChange={(e) => setStatus(e.target.value as "active" | "")}>
              <option value="active">active</option>
              <option value="">active and lifted</option>
            </select>
          </label>
        </div>
        <ErrorAlert error={list.error} />
        {rows.length === 0 && !list.isPending ? <p className="muted">No {status === "active" ? "active " : ""}holds.</p> : null}
        {rows.length > 0 ? <ListTable label="Legal holds" rowTestId="hold" rows={rows} rowKey={(hold) => hold.id} columns={columns} /> : null}
        <LoadMore list={list} />
      </section>
    </>
  );
}
