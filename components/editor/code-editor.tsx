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
};

/** A Monaco editor for one memory file; Ctrl/Cmd+S calls onSave. Load it through LazyCodeEditor. */
export default function CodeEditor({ value, onChange, onSave, readOnly, path, height = "100%" }: CodeEditorProps) {
  const saveRef = useRef(onSave);
  useEffect(() => {
    saveRef.current = onSave;
  }, [onSave]);
  const handleMount: OnMount = (editor) => {
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => saveRef.current?.());
  };
  return (
    <div className="monaco-host" data-testid="code-editor" data-readonly={readOnly ? "true" : "false"}>
      <Editor
        height={height}
        language={languageOf(path)}
        path={path}
        value={value}
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
