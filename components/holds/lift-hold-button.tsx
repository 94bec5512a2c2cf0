"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { ErrorAlert } from "@/components/ui/error-alert";
import styles from "./holds-console.module.css";
import type { Hold } from "./types";

/** Lift… opens an inline reason field; the hold is lifted only with a reason. */
export function LiftHoldButton({ hold, onLifted }: { hold: Hold; onLifted: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const lift = useMutation({
    mutationFn: () => apiFetch<Hold>(`/holds/${hold.id}/lift`, { method: "POST", body: { reason } }),
    onSuccess: onLifted,
  });
  if (!open) {
    return (
      <button type="button" className="button ghost" onClick={() => setOpen(true)}>
        Lift…
      </button>
    );
  }
  return (
    <form
      className={styles.lift}
      aria-label={`Lift hold ${hold.id}`}
      onSubmit={(e) => {
        e.preventDefault();
        lift.mutate();
      }}
    >
      <input className="input" aria-label="Reason for lifting" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={1000} autoFocus />
      <button type="submit" className="button" disabled={!reason.trim() || lift.isPending}>
        Lift hold
      </button>
      <button type="button" className="button ghost" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <ErrorAlert error={lift.error} onDismiss={lift.reset} />
    </form>
  );
}
