"use client";
import { DiffEditor, type DiffOnMount } from "@monaco-editor/react";
import { useEffect, useRef } from "react";
import { languageOf } from "./code-editor";
import "./monaco-setup";
import { useDarkMode } from "@/components/shell/use-dark-mode";
import styles from "./editor.module.css";

export type DiffViewerProps = {
  original: string;
  modified: string;
  path?: string;
  /** Editable right side (merging a conflict by hand); onModifiedChange receives its text. */
  editable?: boolean;
  onModifiedChange?: (value: string) => void;
  height?: number | string;
  testId?: string;
};

/** A side-by-side Monaco diff. Load it through LazyDiffViewer. */
export default function DiffViewer({ original, modified, path, editable, onModifiedChange, height = 420, testId = "diff-editor" }: DiffViewerProps) {
  const changeRef = useRef(onModifiedChange);
  useEffect(() => {
    changeRef.current = onModifiedChange;
  }, [onModifiedChange]);
  const dark = useDarkMode();
  const handleMount: DiffOnMount = (editor) => {
    const model = editor.getModifiedEditor();
    model.onDidChangeModelContent(() => changeRef.current?.(model.getValue()));
    // The wrapper disposes the models before the widget, which then throws "TextModel got disposed
    // before DiffEditorWidget model got reset". It keeps them (keepCurrent*Model); we dispose them after the widget.
    const models = editor.getModel();
    editor.onDidDispose(() => {
      models?.original.dispose();
      models?.modified.dispose();
    });
  };
  return (
    <div className={styles.host} data-testid={testId} style={{ height }}>
      <DiffEditor
        height={height}
        language={languageOf(path)}
        original={original}
        modified={modified}
        onMount={handleMount}
        keepCurrentOriginalModel
        keepCurrentModifiedModel
        theme={dark ? "vs-dark" : "light"}
        loading={<div className={styles.loading}>Loading diff…</div>}
        options={{
          readOnly: !editable,
          originalEditable: false,
          renderSideBySide: true,
          minimap: { enabled: false },
          wordWrap: "on",
          fontSize: 13,
          scrollBeyondLastLine: false,
          automaticLayout: true,
        }}
      />
    </div>
  );
}
