// Monaco's editor worker (diff computation, links, word ranges), bundled from the local package.
import "monaco-editor/editor/editor.worker";
