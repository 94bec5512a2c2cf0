"use client";
import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import { useDarkMode } from "@/components/shell/use-dark-mode";
import { monaco } from "./monaco-setup";
import styles from "./editor.module.css";

export type CodeEditorProps = {
  value: string;
  onChange?: (value: string) => void;
  onSave?: () => void;
  readOnly?: boolean;
  path?: string;
  height?: number | string;
  /** Bump to replace an editable editor's text with `value` (a reload, "keep theirs"). */
  revision?: number;
  /** Open with the cursor on this 1-based line, scrolled into view (a search result's line). */
  line?: number;
};

/** A Monaco editor for one memory file; Ctrl/Cmd+S calls onSave. Load it through LazyCodeEditor. */
export default function CodeEditor({ value, onChange, onSave, readOnly, path, height = "100%", revision = 0, line }: CodeEditorProps) {
  const saveRef = useRef(onSave);
  const editorRef = useRef<Parameters<OnMount>[0] | null>(null);
  useEffect(() => {
    saveRef.current = onSave;
  }, [onSave]);
  // Uncontrolled while typing: pushing every keystroke back as `value` races with the next
  // keystroke and drops characters. Only a value set from outside (a reload, "keep theirs") is applied.
  // Read-only editors follow `value`; editable ones only when `revision` changes.
  const applied = readOnly ? value : revision;
  useEffect(() => {
    const editor = editorRef.current;
    if (editor && editor.getValue() !== value) editor.setValue(value);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [applied]);
  const dark = useDarkMode();
  // Where the cursor is, on the host element: what a reader (or a test) can see of Monaco's state.
  const [cursorLine, setCursorLine] = useState<number | null>(null);
  const handleMount: OnMount = (editor) => {
    editorRef.current = editor;
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => saveRef.current?.());
    editor.onDidChangeCursorPosition((event) => setCursorLine(event.position.lineNumber));
    if (line && line > 0) {
      editor.setPosition({ lineNumber: line, column: 1 });
      editor.revealLineInCenter(line);
      editor.focus();
    }
  };
  return (
    <div className={styles.host} data-testid="code-editor" data-readonly={readOnly ? "true" : "false"} data-cursor-line={cursorLine ?? undefined}>
      <Editor
        height={height}
        language={languageOf(path)}
        path={path}
        defaultValue={value}
        onChange={(next) => onChange?.(next ?? "")}
        onMount={handleMount}
        theme={dark ? "vs-dark" : "light"}
        loading={<div className={styles.loading}>Loading editor…</div>}
        options={{
          readOnly,
          minimap: { enabled: false },
          wordWrap: "on",
          fontSize: 13,
          scrollBeyondLastLine: false,
          automaticLayout: true,
          renderWhitespace: "selection",
        }}
      />
    </div>
  );
}

export function languageOf(path?: string) {
  return path?.endsWith(".md") || path?.endsWith(".markdown") ? "markdown" : "plaintext";
}
