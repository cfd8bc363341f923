// PostgreSQL identifiers and literals quoted for SQL text and replication commands.

/** A name in double quotes, inner quotes doubled. */
export const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A string literal in single quotes, inner quotes doubled (standard_conforming_strings is on since 9.1). */
export const quoteLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;
