"use client";
// Imported only by the editor components, which the pages load with next/dynamic({ ssr: false }):
// Monaco and its worker come from the local package, never from the CDN that
// @monaco-editor/react would otherwise use.
import { loader } from "@monaco-editor/react";
import * as monaco from "./monaco-lite";

type MonacoGlobal = typeof globalThis & { MonacoEnvironment?: { getWorker: (workerId: string, label: string) => Worker } };

(self as MonacoGlobal).MonacoEnvironment = {
  getWorker: () => new Worker(new URL("./editor.worker.ts", import.meta.url), { type: "module" }),
};

loader.config({ monaco });

export { monaco };
