"use client";
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { ErrorAlert } from "@/components/ui/error-alert";
import styles from "./holds-console.module.css";
import type { Hold } from "./types";

/** Places a hold on a store, or on one memory of it, with a reason. */
export function PlaceHoldForm({ storeNames, onPlaced }: { storeNames: Record<string, string>; onPlaced: () => void }) {
  const id = useId();
  const [storeId, setStoreId] = useState("");
  const [memoryId, setMemoryId] = useState("");
  const [reason, setReason] = useState("");
  const place = useMutation({
    mutationFn: () => apiFetch<Hold>("/holds", { method: "POST", body: { memory_store_id: storeId, memory_id: memoryId.trim() || null, reason } }),
    onSuccess: () => {
      setMemoryId("");
      setReason("");
      onPlaced();
    },
  });
  return (
    <form
      className={styles.form}
      aria-label="Place a legal hold"
      onSubmit={(e) => {
        e.preventDefault();
        place.mutate();
      }}
    >
      <div className={styles.field}>
        <label htmlFor={`${id}-store`}>Store</label>
        <select id={`${id}-store`} className="input" value={storeId} onChange={(e) => setStoreId(e.target.value)} required>
          <option value="">choose a store</option>
          {Object.entries(storeNames).map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-memory`}>Memory id (optional; empty holds the whole store)</label>
        <input id={`${id}-memory`} className="input mono" value={memoryId} onChange={(e) => setMemoryId(e.target.value)} placeholder="mem_…" />
      </div>
      <label className={styles.reason}>
        Reason
        <input
          className="input"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          maxLength={1000}
          placeholder="e.g. litigation hold, case 2026-17"
        />
      </label>
      <button type="submit" className="button" disabled={!storeId || !reason.trim() || place.isPending}>
        Place hold
      </button>
      <ErrorAlert error={place.error} lead="Could not place the hold:" onDismiss={place.reset} />
    </form>
  );
}
