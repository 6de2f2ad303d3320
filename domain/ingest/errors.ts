/** A dependency of the event (the sale a cancellation voids) has not arrived yet: retry later. */
export class DependencyMissingError extends Error {
  override name = "DependencyMissingError";
}
