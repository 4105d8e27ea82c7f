// Loaded with `node --import` (via tsx) by every script that runs app code outside Next.js.
// `server-only` throws when imported outside a React Server environment; scripts and
// tests are server code by definition, so resolve it to an empty module here.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,export{}", shortCircuit: true };
  return next(specifier, context);
}`),
);
