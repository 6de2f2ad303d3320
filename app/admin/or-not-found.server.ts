import { DomainError } from "../../domain/shared/errors";

/** A loader's lookup: another shop's record, or none, answers 404 like a missing page. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") throw new Response(error.message, { status: 404 });
    throw error;
  }
}
