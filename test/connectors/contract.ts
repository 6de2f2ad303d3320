import { randomBytes } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connector, NormalizeResult } from "../../connectors/types";
import { WebhookPayloadError, WebhookVerificationError } from "../../connectors/types";
import type { Database } from "../../db/client";
import { commissions, transactions } from "../../db/schema/index";
import { applyEvent } from "../../domain/ingest/apply-event";
import { normalizedEventSchema } from "../../domain/ingest/normalized-event";
import { createPartner } from "../../domain/partners/create-partner";
import { createProgram } from "../../domain/programs/create-program";
import { createShop } from "../../domain/shops/create-shop";
import { databaseKinds, openTestDatabase, type TestDatabase } from "../helpers/databases";

/** One webhook as the provider sends it: the raw body, plus what some schemes carry in headers (topic, delivery id). */
export interface ContractDelivery {
  body: string;
  topic?: string;
  id?: string;
}

export interface ConnectorContractSpec {
  connector: Connector;
  secret: string;
  /** provider_connections.config of the connection under test. */
  config?: Record<string, unknown>;
  /** The headers of a genuine delivery, signed (or authenticated) with `secret` at `timestamp` (unix seconds). */
  sign(delivery: ContractDelivery, secret: string, timestamp: number): Record<string, string>;
  /** Headers that carry the signature or credentials; a delivery without them is rejected. */
  signatureHeaders: string[];
  /** False for credentials that do not cover the body (Chargebee's Basic auth): a changed body cannot be detected. */
  bodySigned?: boolean;
  /** Oldest accepted signature, in seconds; undefined for schemes that sign no time (Shopify, Chargebee). */
  toleranceSeconds?: number;
  /** A genuine delivery and the event id, topic and payload verify reads from it (payload: JSON.parse of the body unless given). */
  sample: ContractDelivery & { externalId: string; topic: string; payload?: unknown };
  /** The provider's fixtures (adjusted only where a real shop would differ) and what normalize makes of each. */
  fixtures: { name: string; delivery: ContractDelivery; expected: NormalizeResult }[];
  /**
   * One story (signup, sale, refund...) that must reach the same state whatever the order and however often each
   * delivery arrives. The shop has one program paying 10 % and an active partner with key AVA.
   */
  story: { deliveries: ContractDelivery[]; expected: StoryState };
}

/** Per transaction (by external id): its type, amount, whether it was credited, commission and reversal amounts. */
export type StoryState = Record<string, { type: string; amount: number; credited: boolean; commissions: number[]; reversals: number[] }>;

const nowSeconds = () => Math.floor(Date.now() / 1000);

function rejectionOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

async function storyShop(db: Database) {
  const shop = await createShop(db, { domain: `contract-${randomBytes(4).toString("hex")}.myshopify.com` });
  const { program } = await createProgram(db, shop.id, {
    name: "Affiliates", type: "affiliate", currency: "USD", cookieDays: 30, attribution: "last_click", holdDays: 0, payoutThreshold: 0,
    commission: { kind: "percentage", percentBasisPoints: 1000 }, recurring: { maxPayments: 12 },
  });
  await createPartner(db, shop.id, { programId: program.id, email: "ava@example.com", key: "AVA", status: "active" });
  return shop.id;
}

async function storyState(db: Database, shopId: string): Promise<StoryState> {
  const rows = await db.select().from(transactions).where(eq(transactions.shopId, shopId)).orderBy(asc(transactions.externalId));
  const state: StoryState = {};
  for (const row of rows) {
    const earned = await db.select().from(commissions).where(and(eq(commissions.shopId, shopId), eq(commissions.transactionId, row.id)));
    const amounts = (kind: string) => earned.filter((c) => c.kind === kind).map((c) => c.amount).sort((a, b) => a - b);
    state[row.externalId] = { type: row.type, amount: row.amount, credited: row.partnerId !== null, commissions: amounts("commission"), reversals: amounts("reversal") };
  }
  return state;
}

/**
 * The suite every connector passes: verify accepts the provider's real scheme and rejects forgeries and stale
 * signatures; normalize turns each fixture into the expected events; a story converges in any order, duplicates included.
 */
export function connectorContract(name: string, spec: ConnectorContractSpec): void {
  const { connector, secret } = spec;
  const context = { config: spec.config ?? {} };
  const headersOf = (delivery: ContractDelivery, signingSecret = secret, timestamp = nowSeconds()) => new Headers(spec.sign(delivery, signingSecret, timestamp));
  const verify = (delivery: ContractDelivery, headers = headersOf(delivery), now?: Date) => connector.verify(delivery.body, headers, secret, { ...context, now });
  const normalize = (delivery: ContractDelivery) => connector.normalize(verify(delivery), { ...context, receivedAt: new Date("2026-11-30T12:00:00.000Z") });

  describe(`${name} connector contract: verify`, () => {
    it("accepts a delivery signed with the real scheme and reads its event id and topic", () => {
      const payload = spec.sample.payload ?? JSON.parse(spec.sample.body);
      expect(verify(spec.sample)).toEqual({ externalId: spec.sample.externalId, topic: spec.sample.topic, payload });
    });

    const forgeries: [string, () => { headers: Headers; body?: string }][] = [
      ["signed with another secret", () => ({ headers: headersOf(spec.sample, `${secret}-forged`) })],
      ["without its signature", () => {
        const headers = headersOf(spec.sample);
        for (const header of spec.signatureHeaders) headers.delete(header);
        return { headers };
      }],
    ];
    if (spec.bodySigned !== false) {
      forgeries.push(["changed after signing", () => ({ headers: headersOf(spec.sample), body: spec.sample.body.replace(/}\s*$/, ', "forged": true}') })]);
    }
    it.each(forgeries)("rejects a delivery %s, without the secret in the message", (_case, forge) => {
      const { headers, body = spec.sample.body } = forge();
      const error = rejectionOf(() => connector.verify(body, headers, secret, context));
      expect(error).toBeInstanceOf(WebhookVerificationError);
      expect((error as Error).message).not.toContain(secret);
    });

    if (spec.toleranceSeconds !== undefined) {
      const tolerance = spec.toleranceSeconds;
      it(`accepts a signature ${tolerance} s old and rejects one ${tolerance + 1} s old`, () => {
        const t = 1_800_000_000;
        const headers = headersOf(spec.sample, secret, t);
        expect(verify(spec.sample, headers, new Date((t + tolerance) * 1000)).externalId).toBe(spec.sample.externalId);
        expect(rejectionOf(() => verify(spec.sample, headers, new Date((t + tolerance + 1) * 1000)))).toBeInstanceOf(WebhookVerificationError);
      });
    } else {
      it("signs no time, so an old delivery (a retry days later) is still accepted", () => {
        expect(verify(spec.sample, headersOf(spec.sample, secret, nowSeconds() - 7 * 86_400)).externalId).toBe(spec.sample.externalId);
      });
    }

    it("rejects a genuinely signed body that is not JSON with WebhookPayloadError", () => {
      const delivery = { ...spec.sample, body: "{not json" };
      expect(rejectionOf(() => verify(delivery))).toBeInstanceOf(WebhookPayloadError);
    });
  });

  describe(`${name} connector contract: normalize`, () => {
    it.each(spec.fixtures.map((fixture) => [fixture.name, fixture] as const))("turns %s into the expected events", (_name, fixture) => {
      const result = normalize(fixture.delivery);
      expect(result).toEqual(fixture.expected);
      if ("events" in result) for (const event of result.events) expect(normalizedEventSchema.parse(event)).toEqual(event);
      expect(normalize(fixture.delivery)).toEqual(result);
    });
  });

  describe.each(databaseKinds)(`${name} connector contract: a story converges on %s`, (kind) => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await openTestDatabase(kind);
    });
    afterAll(async () => {
      await database?.destroy();
    });

    const play = async (order: ContractDelivery[]) => {
      const shopId = await storyShop(database.db);
      for (const delivery of order) {
        const result = normalize(delivery);
        if ("ignored" in result) continue;
        await database.db.transaction(async (tx) => {
          for (const event of result.events) await applyEvent(tx, shopId, connector.provider, event);
        });
      }
      return storyState(database.db, shopId);
    };

    it("ends in the expected state in order, in reverse order and with every delivery repeated", async () => {
      const { deliveries, expected } = spec.story;
      expect(await play(deliveries)).toEqual(expected);
      expect(await play([...deliveries].reverse())).toEqual(expected);
      expect(await play([...deliveries, ...[...deliveries].reverse(), ...deliveries])).toEqual(expected);
    });
  });
}
