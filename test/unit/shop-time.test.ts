import { describe, expect, it } from "vitest";
import { addShopDays, shopDate, startOfShopDay, startOfShopMonth } from "../../domain/shops/shop-time";

describe("calendar boundaries in the shop's time zone", () => {
  it("a sale at 23:30 UTC on 31 March is in April for a Berlin store, in March for a UTC one", () => {
    const at = new Date("2026-03-31T23:30:00Z");
    expect(startOfShopMonth(at, "Europe/Berlin").toISOString()).toBe("2026-03-31T22:00:00.000Z");
    expect(startOfShopMonth(at, "UTC").toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(shopDate(at, "Europe/Berlin")).toBe("2026-04-01");
  });

  it("days across a daylight-saving change are 23 or 25 hours long", () => {
    const day = startOfShopDay(new Date("2026-03-08T12:00:00Z"), "America/New_York");
    expect(day.toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(addShopDays(day, 1, "America/New_York").getTime() - day.getTime()).toBe(23 * 3_600_000);
    const autumn = startOfShopDay(new Date("2026-11-01T12:00:00Z"), "America/New_York");
    expect(addShopDays(autumn, 1, "America/New_York").getTime() - autumn.getTime()).toBe(25 * 3_600_000);
  });
});
