// The four prompts of a session. Answers end with `FINAL ANSWER:` so positions can be extracted;
// deliberation shows peers only as "Response X" (never engine or model names when anonymized) and asks
// members to be stubborn, which Du et al. found gives longer, better debates; rankings end with
// `FINAL RANKING:`; the chair must cite its sources and keep a minority report.
import { roleInstruction } from './roles.ts';
import type { AnswerKind } from './types.ts';

/** One anonymized answer as shown to a reader. `name` is shown only when anonymization is off. */
export interface ShownResponse {
  label: string;
  text: string;
  name?: string;
}

export function answerPrompt(question: string, kind: AnswerKind): string {
  return [
    'You are one member of a council of independent experts. Answer the question below on your own.',
    '',
    'QUESTION:',
    question,
    '',
    'Think it through and show your reasoning.',
    finalAnswerInstruction(kind),
  ].join('\n');
}

export interface DeliberationPromptInput {
  question: string;
  round: number;
  role: string;
  previousAnswer: string;
  peers: readonly ShownResponse[];
  kind: AnswerKind;
}

export function deliberationPrompt(input: DeliberationPromptInput): string {
  return [
    `You are a member of a council deliberating on a question. This is deliberation round ${input.round}.`,
    '',
    'QUESTION:',
    input.question,
    '',
    `YOUR ROLE: ${roleInstruction(input.role)}`,
    '',
    'YOUR PREVIOUS ANSWER:',
    input.previousAnswer,
    '',
    'ANSWERS FROM THE OTHER COUNCIL MEMBERS:',
    ...showResponses(input.peers),
    '',
    'Examine these answers critically: some of them may be wrong. Keep your answer if you still believe it is',
    'correct; change it only when an argument above actually convinces you, and then say what convinced you.',
    'Agreeing with the majority is not a reason in itself.',
    finalAnswerInstruction(input.kind),
  ].join('\n');
}

export function rankingPrompt(question: string, responses: readonly ShownResponse[]): string {
  return [
    'You are evaluating answers that council members gave to the question below.',
    '',
    'QUESTION:',
    question,
    '',
    'RESPONSES:',
    ...showResponses(responses),
    '',
    'Evaluate each response in turn: correctness first, then the quality of its reasoning, then completeness.',
    'Then rank them from best to worst. End your reply with the ranking in exactly this form and nothing after it:',
    '',
    'FINAL RANKING:',
    ...responses.map((response, index) => `${index + 1}. Response ${response.label}`),
    '',
    `(Replace the order above with yours; list every response once: ${labelsOf(responses)}.)`,
  ].join('\n');
}

export interface ChairPromptInput {
  question: string;
  responses: readonly ShownResponse[];
  /** Lines describing the aggregated peer ranking, best first (empty when no ranking ran). */
  rankingLines: readonly string[];
  /** Lines describing the vote: status, groups by label, support. */
  consensusLines: readonly string[];
}

export function chairPrompt(input: ChairPromptInput): string {
  return [
    'You are the chair of a council. Its members answered the question below independently, then',
    'deliberated. Their final answers are shown anonymized.',
    '',
    'QUESTION:',
    input.question,
    '',
    'FINAL ANSWERS:',
    ...showResponses(input.responses),
    '',
    'PEER RANKING (best first):',
    ...(input.rankingLines.length > 0 ? input.rankingLines : ['(no ranking)']),
    '',
    'COUNCIL VOTE:',
    ...input.consensusLines,
    '',
    "Write the council's final answer from the strongest responses. Do not claim an agreement the vote does",
    'not show. Then name the responses you used, then summarize every dissenting position fairly: what it',
    'claims and why it might be right (write "None" when every member agreed). Use exactly these sections:',
    '',
    'FINAL ANSWER:',
    '<the answer>',
    '',
    'SOURCES: Response X, Response Y',
    '',
    'MINORITY REPORT:',
    '<the dissenting positions, or None>',
  ].join('\n');
}

// Each answer under its own heading, and an explicit end, so an answer's own text cannot blur into the
// instructions that follow it.
function showResponses(responses: readonly ShownResponse[]): string[] {
  return [...responses.map(showResponse), '', END_OF_RESPONSES];
}

const END_OF_RESPONSES = '--- End of responses ---';

function showResponse(response: ShownResponse): string {
  const heading = response.name
    ? `Response ${response.label} (${response.name})`
    : `Response ${response.label}`;
  return `\n--- ${heading} ---\n${response.text.trim()}`;
}

function labelsOf(responses: readonly ShownResponse[]): string {
  return responses.map((response) => `Response ${response.label}`).join(', ');
}

function finalAnswerInstruction(kind: AnswerKind): string {
  const format = formatHint(kind);
  return `${format}\nEnd with a last line of the form:\nFINAL ANSWER: <your answer>`;
}

function formatHint(kind: AnswerKind): string {
  if (kind.startsWith('json_field:')) {
    const field = kind.slice('json_field:'.length).split('.')[0];
    return `Your final answer must be a one-line JSON object with the field "${field}", e.g. FINAL ANSWER: {"${field}": ...}.`;
  }
  switch (kind) {
    case 'number':
      return 'Your final answer must be a single number, without units.';
    case 'option':
      return 'Your final answer must be the letter of the chosen option, e.g. FINAL ANSWER: B.';
    case 'yes_no':
      return 'Your final answer must be yes or no.';
    case 'free':
      return 'Your final answer may be as long as the question needs.';
    default:
      return 'Keep the final answer short (a number, a letter, yes or no, or a few words) when the question allows it.';
  }
}
