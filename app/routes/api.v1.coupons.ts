import { z } from "zod";
import { registerPartnerCoupon } from "../../domain/coupons/register-partner-coupon";
import { findPartnerByKeyOrThrow } from "../../domain/partners/find-partner";
import { findProgramOrThrow } from "../../domain/programs/find-program-or-throw";
import { DomainError } from "../../domain/shared/errors";
import { apiRoute, created } from "../api/handler.server";
import { readBody } from "../api/parse.server";

const body = z.object({ program_id: z.string().min(1), partner_key: z.string().trim().min(1), code: z.string().trim().min(2).max(255) }).strict();

export const { loader, action } = apiRoute({
  async POST({ db, shopId, request }) {
    const input = await readBody(request, body);
    const program = await findProgramOrThrow(db, shopId, input.program_id);
    const partner = await findPartnerByKeyOrThrow(db, shopId, input.partner_key, "partner_key");
    if (partner.programId !== program.id) throw new DomainError("not_found", "partner not found in this program", "partner_key");
    const coupon = await registerPartnerCoupon(db, shopId, { programId: program.id, partnerId: partner.id, code: input.code });
    return created({ id: coupon.id, code: coupon.code, program_id: program.id, partner_key: partner.key, created_at: coupon.createdAt.toISOString() });
  },
});
