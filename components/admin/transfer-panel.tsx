"use client";
import { useState, type FormEvent } from "react";
import { errorText } from "@/components/ui/error-text";
import { download } from "@/components/ui/download";
import styles from "./transfer-panel.module.css";

const kib = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(2)} MiB`);

/** Export a store as .tar.gz, reading the stream so the bytes received so far can be shown. */
export function TransferPanel({ storeId, storeName }: { storeId: string; storeName: string }) {
  const [history, setHistory] = useState(true);
  const [received, setReceived] = useState<number | null>(null);
  const [status, setStatus] = useState<"idle" | "running" | "done" | "failed">("idle");
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setStatus("running");
    setError(null);
    setReceived(0);
    try {
      const response = await fetch(`/api/v1/memory_stores/${storeId}/export?history=${history}`, { credentials: "same-origin" });
      if (!response.ok || !response.body) throw new Error((await response.json().catch(() => null))?.error?.message ?? `Export failed with ${response.status}`);
      const reader = response.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let total = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        total += value.byteLength;
        setReceived(total);
      }
      const filename = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `${storeName}.tar.gz`;
      download(new Blob(chunks, { type: "application/gzip" }), filename);
      setStatus("done");
    } catch (cause) {
      setError(errorText(cause));
      setStatus("failed");
    }
  }

  return (
    <div className={styles.export} aria-label={`Export ${storeName}`}>
      <label className="check">
        <input type="checkbox" checked={history} onChange={(e) => setHistory(e.target.checked)} /> with history
      </label>
      <button type="button" className="button ghost" disabled={status === "running"} onClick={() => void run()}>
        Export .tar.gz
      </button>
      {received !== null ? (
        <span className="muted small" role="status" data-testid="export-progress">
          {status === "running" ? `receiving… ${kib(received)}` : status === "done" ? `done, ${kib(received)}` : ""}
        </span>
      ) : null}
      {error ? <span className="danger-text small">{error}</span> : null}
    </div>
  );
}

/** Import a .tar.gz export into a new store. */
export function ImportPanel({ onImported }: { onImported: () => void }) {
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const file = data.get("file");
    if (!(file instanceof File) || file.size === 0) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const name = String(data.get("name") ?? "").trim();
      const response = await fetch(`/api/v1/memory_stores/import${name ? `?name=${encodeURIComponent(name)}` : ""}`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/gzip" },
        body: file,
      });
      const body = await response.json();
      if (!response.ok) throw new Error(body?.error?.message ?? `Import failed with ${response.status}`);
      setResult(`Imported ${body.memories} memories and ${body.versions} versions into ${body.memory_store.name}.`);
      form.reset();
      onImported();
    } catch (cause) {
      setError(errorText(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form" onSubmit={onSubmit} aria-label="Import store">
      <label>
        Archive (.tar.gz)
        <input name="file" type="file" accept=".tar.gz,.tgz,application/gzip" required />
      </label>
      <label>
        New store name (optional)
        <input name="name" maxLength={200} />
      </label>
      <button className="button" type="submit" disabled={busy}>
        {busy ? "Importing…" : "Import into a new store"}
      </button>
      {result ? <span role="status">{result}</span> : null}
      {error ? (
        <span className="danger-text" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}
