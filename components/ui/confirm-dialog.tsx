"use client";
import { ErrorAlert } from "./error-alert";
import type { ReactNode } from "react";
import { Modal } from "./modal";

/** Asks before a consequential action; the consequences are spelled out in `children`. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel = "Cancel",
  danger,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal
      open={open}
      title={title}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button ghost" onClick={onClose}>
            {cancelLabel}
          </button>
          <button type="button" className={danger ? "button danger" : "button"} onClick={onConfirm} disabled={busy}>
            {busy ? "Working…" : confirmLabel}
          </button>
        </>
      }
    >
      {children}
      {error ? <ErrorAlert error={error} /> : null}
    </Modal>
  );
}
