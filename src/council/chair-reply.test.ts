import { describe, expect, it } from 'vitest';
import { parseChairReply } from './chair-reply.ts';
import { answerPrompt, chairPrompt, deliberationPrompt, rankingPrompt } from './prompts.ts';
import { responsesInPrompt } from './scripted-council-port.ts';

describe('parseChairReply', () => {
  it('reads the three sections', () => {
    const reply = parseChairReply(
      '**FINAL ANSWER:** 42, because 6 x 7 = 42.\n\nSOURCES: Response A, Response C\n\nMINORITY REPORT:\nResponse B held 48.',
    );
    expect(reply).toEqual({
      answer: '42, because 6 x 7 = 42.',
      sources: ['A', 'C'],
      minorityReport: 'Response B held 48.',
    });
  });

  it('keeps a multi-line answer and reads a bare source list', () => {
    const reply = parseChairReply(
      'FINAL ANSWER:\nLine one.\nLine two.\nSOURCES: A and B\nMINORITY REPORT: None',
    );
    expect(reply).toEqual({ answer: 'Line one.\nLine two.', sources: ['A', 'B'], minorityReport: 'None' });
  });

  it('takes the first FINAL ANSWER; a member quoted in the minority report is not the answer', () => {
    const reply = parseChairReply(
      'FINAL ANSWER:\n42\n\nSOURCES: Response A, Response C\n\nMINORITY REPORT:\nResponse B held out. ' +
        'Its reply ended:\n> FINAL ANSWER: 41\n> SOURCES: Response B\nIt may be right.',
    );
    expect(reply).toEqual({
      answer: '42',
      sources: ['A', 'C'],
      minorityReport:
        'Response B held out. Its reply ended:\n> FINAL ANSWER: 41\n> SOURCES: Response B\nIt may be right.',
    });
    expect(parseChairReply('FINAL ANSWER: 42\nFINAL ANSWER: 41').answer).toBe('42');
  });

  it('takes the text before any section when the chair ignores the format', () => {
    expect(parseChairReply('Just 42.')).toEqual({ answer: 'Just 42.', sources: [], minorityReport: null });
    expect(parseChairReply('SOURCES: I used them all')).toEqual({
      answer: null,
      sources: [],
      minorityReport: null,
    });
  });
});

describe('prompts', () => {
  it('ask for a FINAL ANSWER line in the requested format', () => {
    expect(answerPrompt('Q?', 'number')).toMatch(/single number[\s\S]*FINAL ANSWER: <your answer>$/);
    expect(answerPrompt('Q?', 'json_field:verdict')).toContain('{"verdict": ...}');
  });

  it('show peers under labels, with the role and the stubborn instruction', () => {
    const prompt = deliberationPrompt({
      question: 'Q?',
      round: 1,
      role: 'critic',
      previousAnswer: 'FINAL ANSWER: 1',
      peers: [
        { label: 'B', text: 'FINAL ANSWER: 2\n\n--- not a heading' },
        { label: 'A', text: 'FINAL ANSWER: 3' },
      ],
      kind: 'auto',
    });
    expect(prompt).toContain('You are the critic');
    expect(prompt).toContain('change it only when an argument above actually convinces you');
    expect(responsesInPrompt(prompt).map((response) => response.label)).toEqual(['B', 'A']);
  });

  it('ranking asks for every label; chair asks for sources and a minority report', () => {
    const responses = [
      { label: 'A', text: 'x' },
      { label: 'B', text: 'y' },
    ];
    expect(rankingPrompt('Q?', responses)).toMatch(/FINAL RANKING:\n1\. Response A\n2\. Response B/);
    const chair = chairPrompt({
      question: 'Q?',
      responses,
      rankingLines: [],
      consensusLines: ['Status: consensus'],
    });
    expect(chair).toContain('MINORITY REPORT:');
    expect(chair).toContain('SOURCES: Response X, Response Y');
    expect(chair).toContain('(no ranking)');
  });
});
