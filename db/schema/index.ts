export * from "./shops";
export * from "./programs";
export * from "./partners";
export * from "./customers";
export * from "./coupons";
export * from "./money";
export * from "./integrations";
export * from "./rewards";
