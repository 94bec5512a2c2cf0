// The project's own lint rules (plugin "engram" in eslint.config.mjs); test/unit/lint-rules.test.ts
// lints a violation of each, and of the configured boundaries, through the project's config.
import { clientBoundary } from "./client-boundary.mjs";
import { noEnvOutsideConfig } from "./no-env-outside-config.mjs";
import { noModuleState } from "./no-module-state.mjs";
import { serverOnly } from "./server-only.mjs";

export const engramPlugin = {
  rules: { "client-boundary": clientBoundary, "no-module-state": noModuleState, "no-env-outside-config": noEnvOutsideConfig, "server-only": serverOnly },
};
