import { and } from "drizzle-orm";
import { z } from "zod";
import { partnerFilterWhere } from "../../domain/partners/list-partners";
import { partners } from "../../db/schema/index";
import { createPartner } from "../../domain/partners/create-partner";
import { partnerDetails } from "../../domain/partners/partner-details";
import { apiRoute, created } from "../api/handler.server";
import { cursorAt, decodeCursor, page, pageOrder, pageQuery, pageWhere } from "../api/pagination.server";
import { readBody, readQuery } from "../api/parse.server";
import { partnerJson } from "../api/serializers.server";

const createBody = z
  .object({
    program_id: z.string().min(1),
    email: z.email(),
    name: z.string().trim().min(1).max(200).optional(),
    key: z.string().trim().min(2).max(64).optional(),
    status: z.enum(["pending", "active", "suspended"]).optional(),
  })
  .strict();

const listQuery = z.object({
  ...pageQuery,
  program_id: z.uuid().optional(),
  status: z.enum(["pending", "active", "suspended"]).optional(),
  search: z.string().trim().min(1).max(200).optional(),
});

export const { loader, action } = apiRoute({
  async GET({ db, shopId, url }) {
    const query = readQuery(url, listQuery);
    const rows = await db
      .select({ partner: partners, cursorAt: cursorAt(partners.createdAt) })
      .from(partners)
      .where(
        and(
          ...partnerFilterWhere(shopId, { programId: query.program_id, status: query.status, search: query.search }),
          pageWhere(partners.createdAt, partners.id, decodeCursor(query.cursor)),
        ),
      )
      .orderBy(...pageOrder(partners.createdAt, partners.id))
      .limit(query.limit + 1);
    const details = await partnerDetails(db, shopId, rows.slice(0, query.limit).map((r) => r.partner));
    return Response.json(
      page(
        rows,
        query.limit,
        ({ partner: p }) => partnerJson(p, details.linksOf(p.id), details.shopDomain, details.groupOf(p.groupId)),
        (r) => ({ at: r.cursorAt, id: r.partner.id }),
      ),
    );
  },
  async POST({ db, shopId, request }) {
    const body = await readBody(request, createBody);
    const { partner, links } = await createPartner(db, shopId, {
      programId: body.program_id,
      email: body.email,
      name: body.name,
      key: body.key,
      status: body.status,
      origin: "merchant",
    });
    const details = await partnerDetails(db, shopId, [partner]);
    return created(partnerJson(partner, links, details.shopDomain));
  },
});
