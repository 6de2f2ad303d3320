import { main } from "./runtime/main";

// npm start: web and workers in one process; --web or --worker runs one of them.
const args = new Set(process.argv.slice(2));
const only = args.has("--web") ? "web" : args.has("--worker") ? "worker" : undefined;
await main({ web: only !== "worker", worker: only !== "web" });
