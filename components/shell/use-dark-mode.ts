"use client";
import { useSyncExternalStore } from "react";

const query = "(prefers-color-scheme: dark)";

function subscribe(onChange: () => void) {
  const media = window.matchMedia(query);
  media.addEventListener("change", onChange);
  window.addEventListener("engram-theme", onChange);
  return () => {
    media.removeEventListener("change", onChange);
    window.removeEventListener("engram-theme", onChange);
  };
}

function isDark() {
  const chosen = document.documentElement.dataset.theme;
  return chosen ? chosen === "dark" : window.matchMedia(query).matches;
}

/** True when the console shows its dark theme (chosen, or following the system); for Monaco's theme. */
export const useDarkMode = () => useSyncExternalStore(subscribe, isDark, () => false);
