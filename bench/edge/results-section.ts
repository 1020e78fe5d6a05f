/**
 * Writes one `## ` section of bench/RESULTS.md in place (appended the first time), re-reading the
 * file just before writing so sections other scripts maintain are left exactly as they are.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export function upsertSection(file: string, heading: string, body: string): void {
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const section = `## ${heading}\n\n${body.trim()}\n`;
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line === `## ${heading}`);
  if (start === -1) {
    writeFileSync(file, `${text.replace(/\n*$/, "\n\n")}${section}`);
    return;
  }
  let end = lines.findIndex((line, index) => index > start && line.startsWith("## "));
  if (end === -1) end = lines.length;
  const before = lines.slice(0, start).join("\n");
  const after = lines.slice(end).join("\n");
  writeFileSync(file, `${before}${before ? "\n" : ""}${section}${after ? `\n${after}` : ""}`.replace(/\n*$/, "\n"));
}
