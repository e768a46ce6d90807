// The JSON Lines schema's version (schema/trace-event.v1.schema.json), written in every record.

/** Bumped when a field changes meaning or goes away; adding fields keeps the version. */
export const JSONL_SCHEMA_VERSION = 1;
