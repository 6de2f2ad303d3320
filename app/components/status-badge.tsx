import { Badge, type BadgeProps } from "@shopify/polaris";

const tones: Record<string, BadgeProps["tone"]> = {
  active: "success",
  approved: "success",
  paid: "info",
  processed: "success",
  converted: "success",
  pending: "attention",
  suspended: "critical",
  rejected: "critical",
  reversed: "warning",
  abandoned: "critical",
  ignored: undefined,
  revoked: "critical",
  deactivated: "critical",
  exported: "attention",
  failed: "critical",
  delivered: "success",
  disabled: "critical",
  failing: "warning",
  issuing: "attention",
  issued: "success",
};

export function StatusBadge({ status }: { status: string }) {
  return <Badge tone={tones[status]}>{status}</Badge>;
}
