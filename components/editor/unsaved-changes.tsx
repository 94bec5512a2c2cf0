"use client";
import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

type Guard = {
  /** Runs `proceed` now, or after the user agrees to discard the open editor's unsaved edits. */
  confirmDiscard: (proceed: () => void) => void;
  setDirty: (dirty: boolean) => void;
};

const UnsavedChanges = createContext<Guard>({ confirmDiscard: (proceed) => proceed(), setDirty: () => {} });

export const useUnsavedGuard = () => useContext(UnsavedChanges);

/** The editor reports whether it holds unsaved edits; it forgets them when it unmounts. */
export function useReportUnsaved(dirty: boolean) {
  const { setDirty } = useUnsavedGuard();
  useEffect(() => {
    setDirty(dirty);
    return () => setDirty(false);
  }, [dirty, setDirty]);
}

/**
 * Keeps unsaved edits from vanishing: in-app moves (file, tab, sidebar link) ask in a dialog,
 * leaving the page (reload, close, another site) gets the browser's own beforeunload prompt.
 */
export function UnsavedChangesProvider({ children }: { children: ReactNode }) {
  const router = useRouter();
  const dirtyRef = useRef(false);
  const [dirty, setDirtyState] = useState(false);
  const [pending, setPending] = useState<(() => void) | null>(null);
  const setDirty = useCallback((value: boolean) => {
    dirtyRef.current = value;
    setDirtyState(value);
  }, []);
  const confirmDiscard = useCallback((proceed: () => void) => {
    if (!dirtyRef.current) proceed();
    else setPending(() => proceed);
  }, []);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };
    // Next's <Link> navigates on click without unloading: catch same-origin link clicks first.
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.("a[href]");
      if (!(link instanceof HTMLAnchorElement) || link.target === "_blank" || link.hasAttribute("download")) return;
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      event.preventDefault();
      event.stopPropagation();
      setPending(() => () => router.push(url.pathname + url.search + url.hash));
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, router]);

  const value = useMemo(() => ({ confirmDiscard, setDirty }), [confirmDiscard, setDirty]);
  return (
    <UnsavedChanges.Provider value={value}>
      {children}
      <ConfirmDialog
        open={pending !== null}
        title="Discard unsaved changes?"
        confirmLabel="Discard changes"
        cancelLabel="Keep editing"
        danger
        onConfirm={() => {
          const proceed = pending;
          setPending(null);
          setDirty(false);
          proceed?.();
        }}
        onClose={() => setPending(null)}
      >
        The open file has edits that are not saved. Leaving now throws them away.
      </ConfirmDialog>
    </UnsavedChanges.Provider>
  );
}
