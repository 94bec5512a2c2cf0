"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { BlamePanel } from "@/components/blame/blame-panel";
import { FileEditor } from "@/components/editor/file-editor";
import { useUnsavedGuard } from "@/components/editor/unsaved-changes";
import { HistoryPanel } from "@/components/history/history-panel";
import { FileTree } from "@/components/tree/file-tree";
import { AsOfFile } from "@/components/editor/as-of-file";
import { AsOfBar } from "./as-of-bar";
import styles from "./store-browser.module.css";
import { Modal } from "@/components/ui/modal";
import type { ActorNames, Memory } from "./types";
import { useUrlParams } from "./use-url-params";

const tabs = [
  { id: "edit", label: "Editor" },
  { id: "history", label: "History" },
  { id: "blame", label: "Blame" },
] as const;

/**
 * The store view: tree on the left, the selected file on the right. Everything that identifies
 * what is on screen (file, tab, compared versions, moment) lives in the URL.
 */
export function StoreBrowser({ storeId, canWrite, names }: { storeId: string; canWrite: boolean; names: ActorNames }) {
  const url = useUrlParams();
  const file = url.get("file");
  const tab = (url.get("tab") ?? "edit") as (typeof tabs)[number]["id"];
  const at = url.get("at");
  const session = url.get("session");
  const asOf = at || session ? { at, session } : null;
  const [creating, setCreating] = useState(false);
  // Every move away from the open file goes through the guard, which asks when edits are unsaved.
  const { confirmDiscard } = useUnsavedGuard();
  const move = (patch: Record<string, string | null>, mode?: "push" | "replace") => confirmDiscard(() => url.set(patch, mode));

  return (
    <div className={styles.browser} data-wide-page>
      <AsOfBar
        storeId={storeId}
        at={at}
        session={session}
        names={names}
        onChange={(value) => move({ ...value, tab: null, version: null, from: null, to: null })}
      />
      <div className={styles.split}>
        <aside className={styles.pane} aria-label="Files">
          {canWrite && !asOf ? (
            <button type="button" className={`button small ${styles.newFile}`} onClick={() => setCreating(true)}>
              New file
            </button>
          ) : null}
          <FileTree
            storeId={storeId}
            asOf={asOf}
            selectedId={file}
            names={names}
            onSelect={(id) => id !== file && move({ file: id, line: null, version: null, from: null, to: null }, "push")}
          />
        </aside>
        <section className={styles.pane} aria-label="File">
          {!file ? (
            <div className="empty-state">
              <h2>Select a file</h2>
              <p>Pick a memory in the tree to read or edit it, see its history and who wrote each line.</p>
            </div>
          ) : asOf ? (
            <AsOfFile storeId={storeId} memoryId={file} at={at} session={session} />
          ) : (
            <>
              <div className={styles.tabs} role="tablist">
                {tabs.map((item) => (
                  <button
                    key={item.id}
                    type="button"
                    role="tab"
                    aria-selected={tab === item.id}
                    className={styles.tab}
                    onClick={() => item.id !== tab && move({ tab: item.id === "edit" ? null : item.id }, "push")}
                  >
                    {item.label}
                  </button>
                ))}
              </div>
              {tab === "history" ? (
                <HistoryPanel
                  storeId={storeId}
                  memoryId={file}
                  canWrite={canWrite}
                  names={names}
                  selection={{ version: url.get("version"), from: url.get("from"), to: url.get("to") }}
                  onSelect={(patch) => url.set(patch)}
                />
              ) : tab === "blame" ? (
                <BlamePanel storeId={storeId} memoryId={file} names={names} />
              ) : (
                <FileEditor
                  key={file}
                  storeId={storeId}
                  memoryId={file}
                  canWrite={canWrite}
                  line={Number(url.get("line")) || undefined}
                  onDeleted={() => url.set({ file: null, line: null })}
                />
              )}
            </>
          )}
        </section>
      </div>
      {creating ? <CreateFileDialog storeId={storeId} onClose={() => setCreating(false)} onCreated={(id) => move({ file: id, tab: null }, "push")} /> : null}
    </div>
  );
}

function CreateFileDialog({ storeId, onClose, onCreated }: { storeId: string; onClose: () => void; onCreated: (memoryId: string) => void }) {
  const client = useQueryClient();
  const [path, setPath] = useState("/");
  // Memory paths are absolute; "notes/a.md" means "/notes/a.md".
  const absolute = path.trim().startsWith("/") ? path.trim() : `/${path.trim()}`;
  const create = useMutation({
    mutationFn: () => apiFetch<Memory>(`/memory_stores/${storeId}/memories`, { method: "POST", body: { path: absolute, content: "" } }),
    onSuccess: (memory) => {
      void client.invalidateQueries({ queryKey: queryKeys.memories.all(storeId) });
      void client.invalidateQueries({ queryKey: queryKeys.versions.all(storeId) });
      onClose();
      onCreated(memory.id);
    },
  });
  return (
    <Modal
      open
      title="New file"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button" disabled={create.isPending || absolute.length < 2} onClick={() => create.mutate()}>
            Create
          </button>
        </>
      }
    >
      <label className="field">
        <span>Path</span>
        <input className="input mono" aria-label="Path" value={path} onChange={(event) => setPath(event.target.value)} placeholder="/notes/lesson.md" />
      </label>
      {create.isError ? <ErrorAlert error={create.error} onDismiss={create.reset} /> : null}
    </Modal>
  );
}
