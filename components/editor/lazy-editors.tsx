"use client";
import dynamic from "next/dynamic";
import styles from "./editor.module.css";

// Monaco touches `window` and weighs megabytes: it is loaded in the browser only, and only by the
// pages that render one of these.
export const LazyCodeEditor = dynamic(() => import("./code-editor"), {
  ssr: false,
  loading: () => <div className={styles.loading}>Loading editor…</div>,
});

export const LazyDiffViewer = dynamic(() => import("./diff-editor"), {
  ssr: false,
  loading: () => <div className={styles.loading}>Loading diff…</div>,
});
