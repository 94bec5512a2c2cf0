"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { BlamePanel } from "@/components/blame/blame-panel";
import { LazyCodeEditor } from "@/components/editor/lazy-editors";
import { FileEditor } from "@/components/editor/file-editor";
import { HistoryPanel } from "@/components/history/history-panel";
import { FileTree } from "@/components/tree/file-tree";
import { AsOfBar } from "./as-of-bar";
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

  return (
    <div className="store-browser">
      <AsOfBar
        storeId={storeId}
        at={at}
        session={session}
        names={names}
        onChange={(value) => url.set({ ...value, tab: null, version: null, from: null, to: null })}
      />
      <div className="store-split">
        <aside className="store-tree">
          {canWrite && !asOf ? (
            <button type="button" className="button small new-file" onClick={() => setCreating(true)}>
              New file
            </button>
          ) : null}
          <FileTree
            storeId={storeId}
            asOf={asOf}
            selectedId={file}
            names={names}
            onSelect={(id) => url.set({ file: id, version: null, from: null, to: null }, "push")}
          />
        </aside>
        <section className="store-file">
          {!file ? (
            <div className="empty-state">
              <h2>Select a file</h2>
              <p>Pick a memory in the tree to read or edit it, see its history and who wrote each line.</p>
            </div>
          ) : asOf ? (
            <AsOfFile storeId={storeId} memoryId={file} at={at} session={session} />
          ) : (
            <>
              <div className="tabs" role="tablist">
                {tabs.map((item) => (
                  <button
                    key={item.id}
                    type="button"
                    role="tab"
                    aria-selected={tab === item.id}
                    className="tab"
                    onClick={() => url.set({ tab: item.id === "edit" ? null : item.id }, "push")}
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
                <FileEditor key={file} storeId={storeId} memoryId={file} canWrite={canWrite} onDeleted={() => url.set({ file: null })} />
              )}
            </>
          )}
        </section>
      </div>
      {creating ? <CreateFileDialog storeId={storeId} onClose={() => setCreating(false)} onCreated={(id) => url.set({ file: id, tab: null }, "push")} /> : null}
    </div>
  );
}

function AsOfFile({ storeId, memoryId, at, session }: { storeId: string; memoryId: string; at: string | null; session: string | null }) {
  const params = { at: at ?? undefined, session_id: session ?? undefined };
  const memory = useQuery({
    queryKey: queryKeys.history.memoryAt(storeId, memoryId, params),
    queryFn: ({ signal }) => apiFetch<Memory>(`/memory_stores/${storeId}/memories/${memoryId}/at`, { query: params, signal }),
  });
  if (memory.isPending) return <div className="panel-status">Loading file…</div>;
  if (memory.isError) {
    return (
      <div className="alert" role="alert">
        {memory.error.message}
      </div>
    );
  }
  return (
    <div className="file-editor">
      <div className="file-toolbar">
        <span className="mono file-path">{memory.data.path}</span>
        <span className="badge muted">read-only · as of {at ? new Date(at).toLocaleString() : "session"}</span>
      </div>
      <div className="editor-frame">
        {memory.data.content === null ? (
          <div className="empty-state">Redacted.</div>
        ) : (
          <LazyCodeEditor value={memory.data.content} readOnly path={memory.data.path} />
        )}
      </div>
    </div>
  );
}

function CreateFileDialog({ storeId, onClose, onCreated }: { storeId: string; onClose: () => void; onCreated: (memoryId: string) => void }) {
  const client = useQueryClient();
  const [path, setPath] = useState("/");
  const create = useMutation({
    mutationFn: () => apiFetch<Memory>(`/memory_stores/${storeId}/memories`, { method: "POST", body: { path, content: "" } }),
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
          <button type="button" className="button" disabled={create.isPending || path.length < 2} onClick={() => create.mutate()}>
            Create
          </button>
        </>
      }
    >
      <label className="field">
        <span>Path</span>
        <input className="input mono" aria-label="Path" value={path} onChange={(event) => setPath(event.target.value)} placeholder="/notes/lesson.md" />
      </label>
      {create.isError ? (
        <div className="alert" role="alert">
          {create.error.message}
        </div>
      ) : null}
    </Modal>
  );
}
