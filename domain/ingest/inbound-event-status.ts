import { and, isNotNull, isNull, type SQL } from "drizzle-orm";
import { inboundEvents } from "../../db/schema/index";

export const inboundStatuses = ["pending", "processed", "ignored", "abandoned"] as const;
export type InboundStatus = (typeof inboundStatuses)[number];

type Row = Pick<typeof inboundEvents.$inferSelect, "processedAt" | "abandonedAt" | "ignoredReason">;

export function inboundStatusOf(row: Row): InboundStatus {
  if (row.abandonedAt) return "abandoned";
  if (!row.processedAt) return "pending";
  return row.ignoredReason ? "ignored" : "processed";
}

export function inboundStatusWhere(status: InboundStatus): SQL {
  switch (status) {
    case "abandoned":
      return isNotNull(inboundEvents.abandonedAt);
    case "pending":
      return and(isNull(inboundEvents.processedAt), isNull(inboundEvents.abandonedAt))!;
    case "ignored":
      return and(isNotNull(inboundEvents.processedAt), isNotNull(inboundEvents.ignoredReason))!;
    case "processed":
      return and(isNotNull(inboundEvents.processedAt), isNull(inboundEvents.ignoredReason))!;
  }
}
