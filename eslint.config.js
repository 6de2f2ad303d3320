import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** domain/ is the core: it must not reach into the web layer, connectors, queues or provider SDKs. */
export const domainImportRestrictions = {
  patterns: [
    {
      regex: "(^|/)(app|connectors|jobs|runtime|cli)(/|$)",
      message: "domain/ must not import app/, connectors/, jobs/, runtime/ or cli/: pass what it needs in as arguments.",
    },
    {
      regex: "^(@remix-run/|@shopify/|bullmq$|ioredis$|stripe$|express$|react|nodemailer$)",
      message: "domain/ must not import Remix, Shopify, BullMQ, Redis, Stripe, Express, React or mail (nodemailer) packages.",
    },
  ],
};

export default tseslint.config(
  { ignores: ["node_modules/", "build/", "public/build/", ".data/", "db/migrations/", "extensions/**/assets/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: "readonly", process: "readonly", URL: "readonly", fetch: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["domain/**/*.ts"],
    rules: { "no-restricted-imports": ["error", domainImportRestrictions] },
  },
);
