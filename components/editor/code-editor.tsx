"use client";
import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useRef } from "react";
import { monaco } from "./monaco-setup";

export type CodeEditorProps = {
  value: string;
  onChange?: (value: string) => void;
  onSave?: () => void;
  readOnly?: boolean;
  path?: string;
  height?: number | string;
  /** Bump to replace an editable editor's text with `value` (a reload, "keep theirs"). */
  revision?: number;
};

/** A Monaco editor for one memory file; Ctrl/Cmd+S calls onSave. Load it through LazyCodeEditor. */
export default function CodeEditor({ value, onChange, onSave, readOnly, path, height = "100%", revision = 0 }: CodeEditorProps) {
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
  const handleMount: OnMount = (editor) => {
    editorRef.current = editor;
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => saveRef.current?.());
  };
  return (
    <div className="monaco-host" data-testid="code-editor" data-readonly={readOnly ? "true" : "false"}>
      <Editor
        height={height}
        language={languageOf(path)}
        path={path}
        defaultValue={value}
        onChange={(next) => onChange?.(next ?? "")}
        onMount={handleMount}
        loading={<div className="editor-loading">Loading editor…</div>}
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
