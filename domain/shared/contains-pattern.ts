/** An ILIKE pattern matching values that contain `search` literally (its %, _ and backslash escaped). */
export const containsPattern = (search: string): string => `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
