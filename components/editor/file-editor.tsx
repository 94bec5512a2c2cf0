"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiRequestError, apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Modal } from "@/components/ui/modal";
import { useLiveEvents } from "@/components/timeline/use-live-events";
import type { Memory } from "@/components/stores/types";
import { ConflictDialog } from "./conflict-dialog";
import { LazyCodeEditor } from "./lazy-editors";
import { StaleActionDialog } from "./stale-action-dialog";
import { useReportUnsaved, useUnsavedGuard } from "./unsaved-changes";
import styles from "./editor.module.css";

/** What the user started from: the version, its hash and its text. */
type Base = { sha: string; content: string; versionId: string };
type Conflict = { theirs: Memory; mine: string };
/** A rename or delete refused by its precondition: what the user opened, and the file now. */
type StaleAction = { action: "rename"; path: string; current: Memory } | { action: "delete"; current: Memory };

const isStale = (error: unknown) => error instanceof ApiRequestError && error.type === "memory_precondition_failed_error";

/**
 * One memory in Monaco. Saving sends the hash of the content the user started from; when an agent
 * wrote meanwhile the API answers 409 and the user chooses in the conflict dialog.
 */
export function FileEditor({
  storeId,
  memoryId,
  canWrite,
  onDeleted,
  line,
}: {
  storeId: string;
  memoryId: string;
  canWrite: boolean;
  onDeleted: () => void;
  /** The line to open at (from a search result). */
  line?: number;
}) {
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
  // The latest text, also before React re-renders: Ctrl+S right after a keystroke must save that keystroke.
  const draftRef = useRef("");
  const edit = useCallback((content: string) => {
    draftRef.current = content;
    setDraft(content);
  }, []);
  const replaceDraft = useCallback((content: string) => {
    draftRef.current = content;
    setDraft(content);
    setRevision((n) => n + 1);
  }, []);
  const dirty = base !== null && draft !== base.content;
  useReportUnsaved(dirty);
  const { confirmDiscard } = useUnsavedGuard();
  // The newest version of this file that the live stream announced (another writer, or our own save).
  const [announced, setAnnounced] = useState<string | null>(null);
  const live = useLiveEvents({ storeId }, true, (event) => {
    if (event.memory_id !== memoryId || !event.memory_version_id) return;
    const version = event.memory_version_id;
    setAnnounced((current) => (current && current >= version ? current : version));
  });

  // Adopt the server's content when the file first loads, or when it changes and nothing is edited.
  useEffect(() => {
    const data = memory.data;
    if (!data || data.content === null) return;
    if (base === null || (!dirty && base.sha !== data.content_sha256)) {
      // Syncing from the query cache into local editing state is this effect's purpose.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setBase({ sha: data.content_sha256, content: data.content, versionId: data.memory_version_id });
      replaceDraft(data.content);
    }
  }, [memory.data, base, dirty, replaceDraft]);

  const fetchCurrent = useCallback(() => apiFetch<Memory>(`/memory_stores/${storeId}/memories/${memoryId}`, { query: { view: "full" } }), [storeId, memoryId]);

  /** The file is now `saved` holding `content`; unsaved edits survive unless `replace`. */
  const afterWrite = useCallback(
    (saved: Memory, content: string, replace = true) => {
      setBase({ sha: saved.content_sha256, content, versionId: saved.memory_version_id });
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
    const content = draftRef.current;
    if (content === base.content) return setNotice("No changes to save.");
    setNotice(null);
    save.mutate({ content, sha: base.sha });
  }, [canWrite, base, save, conflict]);

  // Ctrl/Cmd+S also works when the focus is outside Monaco (e.g. on the Save button).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Monaco handles its own Ctrl+S (and prevents the default); only keys from elsewhere land here.
      if (!event.defaultPrevented && (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
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

  // Ids are time-ordered: a newer announced version than the one being edited means someone else wrote.
  const changedOnServer = announced !== null && base !== null && announced > base.versionId && !save.isPending && !rename.isPending && !conflict;
  const reload = async () => {
    const current = await fetchCurrent();
    if (current.content === null) return;
    setBase({ sha: current.content_sha256, content: current.content, versionId: current.memory_version_id });
    replaceDraft(current.content);
    client.setQueryData(queryKeys.memories.detail(storeId, memoryId), current);
    setNotice("Reloaded the current version.");
  };
  const compare = async () => setConflict({ theirs: await fetchCurrent(), mine: draftRef.current });

  if (memory.isPending) return <div className="muted">Loading file…</div>;
  if (memory.isError) {
    return <ErrorAlert error={memory.error} lead="Could not open this file:" />;
  }
  const file = memory.data;
  const staleError = stale ? (stale.action === "rename" ? rename.error : remove.error) : null;
  return (
    <div className={styles.fileEditor}>
      <div className={styles.toolbar}>
        <span className={`mono ${styles.path}`} data-testid="file-path">
          {file.path}
        </span>
        {dirty ? <span className="badge warn">unsaved</span> : null}
        {notice && !dirty ? (
          <span className="muted" role="status">
            {notice}
          </span>
        ) : null}
        <span className="spacer" />
        <span className="muted small" data-testid="live-status" data-connected={live} title="Live updates from other writers">
          {live ? "● live" : "○ offline"}
        </span>
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
      {changedOnServer ? (
        <div className={styles.banner} role="status">
          <strong>This file changed on the server</strong>
          <span className="muted">{dirty ? "Your unsaved edits are kept until you choose." : "Someone else saved a newer version."}</span>
          <span className="spacer" />
          <button type="button" className="button small" onClick={() => void compare()}>
            Compare
          </button>
          <button type="button" className="button small ghost" onClick={() => confirmDiscard(() => void reload())}>
            Reload
          </button>
        </div>
      ) : null}
      {save.isError && !conflict && !isStale(save.error) ? <ErrorAlert error={save.error} lead="Save failed:" onDismiss={save.reset} /> : null}
      <div className={styles.frame}>
        <LazyCodeEditor value={draft} revision={revision} onChange={edit} onSave={doSave} readOnly={!canWrite} path={file.path} line={line} />
      </div>
      {conflict ? (
        <ConflictDialog
          path={file.path}
          theirs={conflict.theirs.content ?? ""}
          mine={conflict.mine}
          busy={save.isPending}
          onKeepTheirs={() => {
            const theirs = conflict.theirs;
            setBase({ sha: theirs.content_sha256, content: theirs.content ?? "", versionId: theirs.memory_version_id });
            replaceDraft(theirs.content ?? "");
            client.setQueryData(queryKeys.memories.detail(storeId, memoryId), theirs);
            setConflict(null);
            setNotice("Kept their version.");
          }}
          onSave={(content) => save.mutate({ content, sha: conflict.theirs.content_sha256 })}
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
        {rename.isError && !isStale(rename.error) ? <ErrorAlert error={rename.error} onDismiss={rename.reset} /> : null}
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
            const current = { sha: stale.current.content_sha256, content: stale.current.content ?? "", versionId: stale.current.memory_version_id };
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
