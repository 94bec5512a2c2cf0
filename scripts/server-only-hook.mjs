// `server-only` throws unless resolved under React's "react-server" condition, which only
// Next's bundler sets. Node processes that run server code directly (CLI, production API
// server, tests) resolve it to an empty module instead.
import { register } from "node:module";

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export {}", shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
