"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Modal } from "@/components/ui/modal";

/** "New store" on the Stores page: name and description, then straight into the new store. */
export function NewStoreButton() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const create = useMutation({
    mutationFn: (body: { name: string; description?: string }) => apiFetch<{ id: string }>("/memory_stores", { method: "POST", body }),
    onSuccess: (store) => router.push(`/stores/${store.id}`),
  });
  const close = () => {
    create.reset();
    setOpen(false);
  };
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    create.mutate({ name: String(data.get("name") ?? "").trim(), description: String(data.get("description") ?? "").trim() || undefined });
  }
  return (
    <>
      <button type="button" className="button" onClick={() => setOpen(true)}>
        New store
      </button>
      <Modal open={open} title="New store" onClose={close}>
        <form id="new-store" onSubmit={onSubmit} onChange={() => create.error && create.reset()}>
          <div className="field">
            <label htmlFor="new-store-name">Name</label>
            <input id="new-store-name" name="name" required maxLength={255} autoFocus />
          </div>
          <div className="field">
            <label htmlFor="new-store-description">Description</label>
            <input id="new-store-description" name="description" maxLength={1024} />
          </div>
          <ErrorAlert error={create.error} />
          <div className="row-actions">
            <button type="button" className="button ghost" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create store"}
            </button>
          </div>
        </form>
      </Modal>
    </>
  );
}
