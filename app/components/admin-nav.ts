/** The admin's pages, in the order of the navigation. */
export const adminPages = [
  { url: "/app", label: "Dashboard" },
  { url: "/app/programs", label: "Programs" },
  { url: "/app/partners", label: "Partners" },
  { url: "/app/commissions", label: "Commissions" },
  { url: "/app/payouts", label: "Payouts" },
  { url: "/app/coupons", label: "Coupons" },
  { url: "/app/creatives", label: "Creatives" },
  { url: "/app/rewards", label: "Rewards" },
  { url: "/app/customers", label: "Customers" },
  { url: "/app/leads", label: "Leads" },
  { url: "/app/activity", label: "Activity" },
  { url: "/app/connections", label: "Connections" },
  { url: "/app/webhooks", label: "Webhooks" },
  { url: "/app/settings", label: "Settings" },
] as const;
