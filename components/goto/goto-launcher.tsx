"use client";
import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import styles from "./goto-launcher.module.css";

// The palette (and cmdk) loads on first use, so pages without it pay nothing.
const GoToPalette = dynamic(() => import("./goto-palette"), { ssr: false });

/** The sidebar's "Go to anything" button and the Ctrl/Cmd+K shortcut that opens the palette anywhere. */
export function GoToLauncher({ owner }: { owner: string }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);
  return (
    <>
      <button type="button" className={styles.launcher} onClick={() => setOpen(true)} aria-keyshortcuts="Control+K Meta+K">
        <span>Go to anything</span>
        <kbd className={styles.kbd}>Ctrl K</kbd>
      </button>
      {open ? <GoToPalette owner={owner} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
