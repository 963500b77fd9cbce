// Reads the chair's reply into its three parts. A chair that ignores the format still gives an answer
// (the text before any other section), so a sloppy chair never loses the council's work; the minority
// report is then built from the recorded dissent instead.

const HEADING = /^[\s#>*_]*(final\s+answer|sources|minority\s+report)[\s*_]*:[\s*_]*/gim;

export interface ChairReply {
  answer: string | null;
  /** Labels named in SOURCES, in order, without repeats. */
  sources: string[];
  minorityReport: string | null;
}

export function parseChairReply(text: string): ChairReply {
  const headings = [...text.matchAll(HEADING)].map((match) => ({
    name: (match[1] ?? '').toLowerCase().replace(/\s+/g, ' '),
    start: match.index ?? 0,
    contentStart: (match.index ?? 0) + match[0].length,
  }));
  // Everything after the first MINORITY REPORT heading is the report: it quotes the members it speaks
  // for, and a quoted "FINAL ANSWER: 41" there is not the chair's answer.
  const reportAt = headings.findIndex((heading) => heading.name === 'minority report');
  const sections = reportAt < 0 ? headings : headings.slice(0, reportAt + 1);
  const section = (name: string): string | null => {
    const index = sections.findIndex((heading) => heading.name === name);
    if (index < 0) return null;
    const heading = sections[index] as (typeof sections)[number];
    const end = sections[index + 1]?.start ?? text.length;
    const content = text.slice(heading.contentStart, end).trim();
    return content === '' ? null : content;
  };
  const beforeSections = text.slice(0, headings[0]?.start ?? text.length).trim();
  const answer = section('final answer') ?? (beforeSections === '' ? null : beforeSections);
  return {
    answer,
    sources: sourceLabels(section('sources') ?? ''),
    minorityReport: section('minority report'),
  };
}

// "Response A, Response C"; a bare list "A, C" only when the section names no Response at all, so the
// word "I" in prose is never read as label I.
function sourceLabels(text: string): string[] {
  const named = [...text.matchAll(/\bResponse\s+([A-Z])\b/g)].map((match) => match[1] as string);
  const bare = /^[A-Z](?:\s*(?:,|and|&)\s*[A-Z])*\.?$/.test(text.trim())
    ? [...text.matchAll(/\b([A-Z])\b/g)].map((match) => match[1] as string)
    : [];
  return [...new Set(named.length > 0 ? named : bare)];
}
