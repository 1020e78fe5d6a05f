export { renderText } from "./text.js";
export { renderJson } from "./json.js";
export { renderMarkdown, MARKDOWN_LIMIT } from "./markdown.js";
export { describeValue, displayObject } from "./describe.js";
export { renderSarif, SARIF_SCHEMA_URI, type SarifOptions, type SarifMigration } from "./sarif.js";
