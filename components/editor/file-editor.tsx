"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { ApiRequestError, apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Modal } from "@/components/ui/modal";
import type { Memory } from "@/components/stores/types";
import { ConflictDialog } from "./conflict-dialog";
import { LazyCodeEditor } from "./lazy-editors";
import { StaleActionDialog } from "./stale-action-dialog";

type Base = { sha: string; content: string };
type Conflict = { theirs: Memory; mine: string };
/** A rename or delete refused by its precondition: what the user opened, and the file now. */
type StaleAction = { action: "rename"; path: string; current: Memory } | { action: "delete"; current: Memory };

const isStale = (error: unknown) => error instanceof ApiRequestError && error.type === "memory_precondition_failed_error";

/**
 * One memory in Monaco. Saving sends the hash of the content the user started from; when an agent
 * wrote meanwhile the API answers 409 and the user chooses in the conflict dialog.
 */
export function FileEditor({ storeId, memoryId, canWrite, onDeleted }: { storeId: string; memoryId: string; canWrite: boolean; onDeleted: () => void }) {
  const client = useQueryClient();
  const memory = useQuery({
    queryKey: queryKeys.memories.detail(storeId, memoryId),
    queryFn: ({ signal }) => apiFetch<Memory>(`/memory_stores/${storeId}/memories/${memoryId}`, { query: { view: "full" }, signal }),
  });
  const [base, setBase] = useState<Base | null>(null);
  const [draft, setDraft] = useState("");
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [stale, setStale] = useState<StaleAction | null>(null);
  // Bumped whenever the draft is replaced from outside the editor, so Monaco takes the new text.
  const [revision, setRevision] = useState(0);
  const replaceDraft = useCallback((content: string) => {
    setDraft(content);
    setRevision((n) => n + 1);
  }, []);
  const dirty = base !== null && draft !== base.content;

  // Adopt the server's content when the file first loads, or when it changes and nothing is edited.
  useEffect(() => {
    const data = memory.data;
    if (!data || data.content === null || data.content_sha256 === null) return;
    if (base === null || (!dirty && base.sha !== data.content_sha256)) {
      // Syncing from the query cache into local editing state is this effect's purpose.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setBase({ sha: data.content_sha256, content: data.content });
      replaceDraft(data.content);
    }
  }, [memory.data, base, dirty, replaceDraft]);

  const fetchCurrent = useCallback(() => apiFetch<Memory>(`/memory_stores/${storeId}/memories/${memoryId}`, { query: { view: "full" } }), [storeId, memoryId]);

  /** The file is now `saved` holding `content`; unsaved edits survive unless `replace`. */
  const afterWrite = useCallback(
    (saved: Memory, content: string, replace = true) => {
      setBase({ sha: saved.content_sha256!, content });
      if (replace) replaceDraft(content);
      client.setQueryData(queryKeys.memories.detail(storeId, memoryId), { ...saved, content });
      void client.invalidateQueries({ queryKey: queryKeys.memories.all(storeId) });
      void client.invalidateQueries({ queryKey: queryKeys.versions.all(storeId) });
    },
    [client, storeId, memoryId, replaceDraft],
  );

  const save = useMutation({
    mutationFn: ({ content, sha }: { content: string; sha: string }) =>
      apiFetch<Memory>(`/memory_stores/${storeId}/memories/${memoryId}`, {
        method: "POST",
        body: { content, precondition: { type: "content_sha256", content_sha256: sha } },
      }),
    onSuccess: (saved, { content }) => {
      afterWrite(saved, content);
      setConflict(null);
      setNotice("Saved as a new version.");
    },
    onError: async (error, { content }) => {
      if (isStale(error)) setConflict({ theirs: await fetchCurrent(), mine: content });
    },
  });

  const doSave = useCallback(() => {
    if (!canWrite || !base || save.isPending || conflict) return;
    if (!dirty) return setNotice("No changes to save.");
    setNotice(null);
    save.mutate({ content: draft, sha: base.sha });
  }, [canWrite, base, save, conflict, dirty, draft]);

  // Ctrl/Cmd+S also works when the focus is outside Monaco (e.g. on the Save button).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        doSave();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [doSave]);

  // Rename and delete carry the hash of what the user opened (or, after the stale dialog, of the
  // current version they have now seen).
  const rename = useMutation({
    mutationFn: ({ path, from }: { path: string; from?: Base }) =>
      apiFetch<Memory>(`/memory_stores/${storeId}/memories/${memoryId}`, {
        method: "POST",
        body: { path, precondition: from ? { type: "content_sha256", content_sha256: from.sha } : undefined },
      }),
    onSuccess: (saved, { from }) => {
      setRenaming(null);
      setStale(null);
      // A rename keeps the content it was made against; the user's unsaved edits stay in the editor.
      afterWrite(saved, from?.content ?? draft, !dirty);
    },
    onError: async (error, { path }) => {
      if (!isStale(error)) return;
      setRenaming(null);
      setStale({ action: "rename", path, current: await fetchCurrent() });
    },
  });
  const remove = useMutation({
    mutationFn: (sha?: string) => apiFetch(`/memory_stores/${storeId}/memories/${memoryId}`, { method: "DELETE", query: { expected_content_sha256: sha } }),
    onSuccess: () => {
      setDeleting(false);
      setStale(null);
      void client.invalidateQueries({ queryKey: queryKeys.memories.all(storeId) });
      void client.invalidateQueries({ queryKey: queryKeys.versions.all(storeId) });
      onDeleted();
    },
    onError: async (error) => {
      if (!isStale(error)) return;
      setDeleting(false);
      setStale({ action: "delete", current: await fetchCurrent() });
    },
  });

  if (memory.isPending) return <div className="panel-status">Loading file…</div>;
  if (memory.isError) {
    return (
      <div className="alert" role="alert">
        Could not open this file: {memory.error.message}
      </div>
    );
  }
  const file = memory.data;
  const staleError = stale ? (stale.action === "rename" ? rename.error : remove.error) : null;
  return (
    <div className="file-editor">
      <div className="file-toolbar">
        <span className="mono file-path" data-testid="file-path">
          {file.path}
        </span>
        {dirty ? <span className="badge warn">unsaved</span> : null}
        {notice && !dirty ? (
          <span className="muted" role="status">
            {notice}
          </span>
        ) : null}
        <span className="spacer" />
        {canWrite ? (
          <>
            <button type="button" className="button ghost" onClick={() => setRenaming(file.path)}>
              Rename
            </button>
            <button type="button" className="button ghost danger-text" onClick={() => setDeleting(true)}>
              Delete
            </button>
            <button type="button" className="button" onClick={doSave} disabled={!dirty || save.isPending} title="Ctrl/Cmd+S">
              {save.isPending ? "Saving…" : "Save"}
            </button>
          </>
        ) : (
          <span className="badge muted">read-only</span>
        )}
      </div>
      {save.isError && !conflict && !isStale(save.error) ? (
        <div className="alert" role="alert">
          Save failed: {save.error.message}
        </div>
      ) : null}
      <div className="editor-frame">
        <LazyCodeEditor value={draft} revision={revision} onChange={setDraft} onSave={doSave} readOnly={!canWrite} path={file.path} />
      </div>
      {conflict ? (
        <ConflictDialog
          path={file.path}
          theirs={conflict.theirs.content ?? ""}
          mine={conflict.mine}
          busy={save.isPending}
          onKeepTheirs={() => {
            const theirs = conflict.theirs;
            setBase({ sha: theirs.content_sha256!, content: theirs.content ?? "" });
            replaceDraft(theirs.content ?? "");
            client.setQueryData(queryKeys.memories.detail(storeId, memoryId), theirs);
            setConflict(null);
            setNotice("Kept their version.");
          }}
          onSave={(content) => save.mutate({ content, sha: conflict.theirs.content_sha256! })}
          onClose={() => setConflict(null)}
        />
      ) : null}
      <Modal
        open={renaming !== null}
        title="Rename file"
        onClose={() => setRenaming(null)}
        actions={
          <>
            <button type="button" className="button ghost" onClick={() => setRenaming(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="button"
              disabled={rename.isPending || !renaming}
              onClick={() => renaming && rename.mutate({ path: renaming, from: base ?? undefined })}
            >
              Rename
            </button>
          </>
        }
      >
        <label className="field">
          <span>New path</span>
          <input className="input mono" aria-label="New path" value={renaming ?? ""} onChange={(event) => setRenaming(event.target.value)} />
        </label>
        {rename.isError && !isStale(rename.error) ? (
          <div className="alert" role="alert">
            {rename.error.message}
          </div>
        ) : null}
      </Modal>
      {stale ? (
        <StaleActionDialog
          action={stale.action}
          path={file.path}
          opened={base?.content ?? ""}
          current={stale.current.content ?? ""}
          busy={rename.isPending || remove.isPending}
          error={staleError && !isStale(staleError) ? staleError.message : null}
          onProceed={() => {
            const current = { sha: stale.current.content_sha256!, content: stale.current.content ?? "" };
            if (stale.action === "rename") rename.mutate({ path: stale.path, from: current });
            else remove.mutate(current.sha);
          }}
          onClose={() => setStale(null)}
        />
      ) : null}
      <ConfirmDialog
        open={deleting}
        title="Delete file"
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        error={remove.isError && !isStale(remove.error) ? remove.error.message : null}
        onConfirm={() => remove.mutate(base?.sha)}
        onClose={() => setDeleting(false)}
      >
        Delete <code>{file.path}</code>? Its versions stay in the history and it can be restored.
      </ConfirmDialog>
    </div>
  );
}
