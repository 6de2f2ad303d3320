import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();

async function lintDomainFile(source: string) {
  const [result] = await eslint.lintText(source, { filePath: "domain/commissions/example.ts" });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("domain/ import boundary (eslint)", () => {
  it.each([
    'import { db } from "../../app/db.server";\nexport const x = db;',
    'import { startWorkers } from "../../jobs/worker";\nexport const x = startWorkers;',
    'import { shopify } from "../../connectors/shopify/verify";\nexport const x = shopify;',
    'import { Queue } from "bullmq";\nexport const x = Queue;',
    'import Stripe from "stripe";\nexport const x = Stripe;',
    'import { json } from "@remix-run/node";\nexport const x = json;',
    'import { shopifyApp } from "@shopify/shopify-app-remix/server";\nexport const x = shopifyApp;',
  ])("rejects %s", async (source) => {
    expect(await lintDomainFile(source)).toHaveLength(1);
  });

  it.each([
    'import { invalid } from "../shared/errors";\nexport const x = invalid;',
    'import { programs } from "../../db/schema/index";\nexport const x = programs;',
    'import { z } from "zod";\nexport const x = z;',
  ])("allows %s", async (source) => {
    expect(await lintDomainFile(source)).toEqual([]);
  });
});
