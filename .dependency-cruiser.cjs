/* global module */
/**
 * The import rules of Affiliate Hub, checked by `npm run lint:deps` (first step of `npm test`).
 * Layers, bottom up: db -> domain -> connectors -> jobs -> runtime / app / cli (see CONTRIBUTING.md).
 * @type {import('dependency-cruiser').IConfiguration}
 */

/**
 * jobs/ files that still reach up into runtime/ for a process-wide handle (issue 18: workers should receive
 * these through JobContext). Each one is a named exception; do not add to this list, remove from it.
 */
const jobsToRuntimeExceptions = [
  // The secret box that opens stored Stripe API keys, through runtime/current-secret-box.
  "^jobs/process-inbound-event\\.ts$",
  // The secret box that opens endpoint signing secrets, through runtime/current-secret-box.
  "^jobs/deliver-webhook\\.ts$",
  // The mailer, through runtime/mailer/current-mailer.
  "^jobs/send-email\\.ts$",
  // The inbound payload retention setting, read from runtime/config.
  "^jobs/prune-inbound-payloads\\.ts$",
  // The worker process's entry point: it starts runtime/main in worker mode.
  "^jobs/worker-main\\.ts$",
];

/** Files under `from` must not import files under `to` (paths relative to the repository root). */
const layer = (name, from, to, comment, exceptions = []) => ({
  name,
  severity: "error",
  comment,
  from: { path: from, pathNot: exceptions },
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles, type-only imports included: move shared types down (row types live in db/schema/rows.ts).",
      from: {},
      to: { circular: true },
    },
    layer("domain-not-up", "^domain/", "^(app|connectors|jobs|runtime|cli)/",
      "domain/ is the core: it must not import app/, connectors/, jobs/, runtime/ or cli/. Pass what it needs in as arguments."),
    layer("connectors-not-up", "^connectors/", "^(app|jobs|runtime|cli)/",
      "connectors/ turn provider payloads into normalized events: they must not import app/, jobs/, runtime/ or cli/."),
    layer("jobs-not-app", "^jobs/", "^(app|cli)/", "jobs/ run in the workers: they must not import the web layer (app/) or cli/."),
    layer("jobs-not-runtime", "^jobs/", "^runtime/",
      "jobs/ must not import runtime/: a job receives its services through JobContext. Named exceptions above.",
      jobsToRuntimeExceptions),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|build|public/build|\\.data|db/migrations)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".d.ts"],
    },
  },
};
