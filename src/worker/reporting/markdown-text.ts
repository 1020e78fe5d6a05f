/** Plain text inside GitHub Markdown: characters that would start markup or HTML are escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|#]/g, (char) => `\\${char}`);
}
