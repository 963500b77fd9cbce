// `prompt_md_file` + `prompt_md_heading`: the prompt is the section under `## <heading>`, or the first
// ```text block inside it when there is one (the maestro-cli convention).

const FENCE = /^\s*(```|~~~)/;
const SECTION_END = /^#{1,2}\s/;
const TEXT_FENCE = /^\s*```\s*text\s*$/;

/** The prompt text of the section, or undefined when the heading is missing. */
export function markdownSection(markdown: string, heading: string): string | undefined {
  const wanted = `## ${heading.replace(/^#+\s*/, '').trim()}`;
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === wanted);
  if (start < 0) return undefined;
  const body: string[] = [];
  let inFence = false;
  for (const line of lines.slice(start + 1)) {
    if (FENCE.test(line)) inFence = !inFence;
    else if (!inFence && SECTION_END.test(line)) break;
    body.push(line);
  }
  return textBlock(body) ?? body.join('\n').trim();
}

function textBlock(body: readonly string[]): string | undefined {
  const open = body.findIndex((line) => TEXT_FENCE.test(line));
  if (open < 0) return undefined;
  const close = body.findIndex((line, index) => index > open && FENCE.test(line));
  return body.slice(open + 1, close < 0 ? undefined : close).join('\n');
}
