import { describe, expect, it } from "vitest";
import { describeError } from "../../domain/shared/describe-error";

/** Drizzle's DrizzleQueryError as it is built: message "Failed query: <sql>\nparams: <values>", the driver's error as cause. */
class FailedQuery extends Error {
  constructor(readonly query: string, readonly params: unknown[], cause: unknown) {
    super(`Failed query: ${query}\nparams: ${params}`);
    this.cause = cause;
  }
}
const pgError = (message: string, code: string) => Object.assign(new Error(message), { name: "error", code });

describe("describeError", () => {
  it.each([
    [
      "a unique violation keeps the SQL, the code and the constraint, not the params",
      new FailedQuery('insert into "customers" ("email") values ($1)', ["jane@example.com"], pgError('duplicate key value violates unique constraint "customers_shop_key_key"', "23505")),
      'DrizzleQueryError: Failed query: insert into "customers" ("email") values ($1); cause [23505]: error: duplicate key value violates unique constraint "customers_shop_key_key"',
    ],
    [
      "a value quoted in the database's message is removed",
      new FailedQuery('select * from "shops" where "id" = $1', ["jane@example.com"], pgError('invalid input syntax for type uuid: "jane@example.com"', "22P02")),
      'DrizzleQueryError: Failed query: select * from "shops" where "id" = $1; cause [22P02]: error: invalid input syntax for type uuid: "…"',
    ],
    [
      "an out-of-range number is removed too",
      new FailedQuery('insert into "transactions" ("amount") values ($1)', [99999999999], pgError('value "99999999999" is out of range for type integer', "22003")),
      'DrizzleQueryError: Failed query: insert into "transactions" ("amount") values ($1); cause [22003]: error: value "…" is out of range for type integer',
    ],
    ["an email in any message is replaced", new Error("customer Jane.Doe+vip@Example.COM already bound"), "Error: customer [email] already bound"],
    ["a thrown string", "boom for ann@example.org", "boom for [email]"],
  ])("%s", (_name, error, expected) => {
    expect(describeError(error)).toBe(expected);
  });

  it("adds only stack frames when asked, never the raw first line", () => {
    const text = describeError(new FailedQuery("update x set y = $1", ["secret@example.com"], undefined), { stack: true });
    expect(text.split("\n")[0]).toBe("DrizzleQueryError: Failed query: update x set y = $1");
    expect(text.split("\n").slice(1).every((line) => /^\s+at /.test(line))).toBe(true);
    expect(text).not.toContain("secret@example.com");
  });
});
