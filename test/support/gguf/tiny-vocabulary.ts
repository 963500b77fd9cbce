// The tiny model's SentencePiece vocabulary: `<unk>`, `<s>`, `</s>`, the 256 byte-fallback tokens
// `<0x00>`..`<0xFF>` (so any text can be tokenized), the word-start marker `▁`, and for each of 50
// characters both the piece `▁c` (the character at the start of a word) and `c`.

const PIECE_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789.,!?:;"\'{}[]-_';
const WORD_START = '\u2581';

// llama.cpp token types.
const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const BYTE = 6;

export interface TinyVocabulary {
  tokens: string[];
  scores: number[];
  types: number[];
  unknownId: number;
  bosId: number;
  eosId: number;
}

export function buildTinyVocabulary(): TinyVocabulary {
  const tokens: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  const add = (token: string, score: number, type: number) => {
    tokens.push(token);
    scores.push(score);
    types.push(type);
  };
  add('<unk>', 0, UNKNOWN);
  add('<s>', 0, CONTROL);
  add('</s>', 0, CONTROL);
  for (let byte = 0; byte < 256; byte += 1) {
    add(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`, 0, BYTE);
  }
  add(WORD_START, -2, NORMAL);
  // SPM merges the adjacent pair with the highest score first: `▁c` outranks a lone `c`.
  for (const character of PIECE_CHARACTERS) add(`${WORD_START}${character}`, -1, NORMAL);
  for (const character of PIECE_CHARACTERS) add(character, -3, NORMAL);
  return { tokens, scores, types, unknownId: 0, bosId: 1, eosId: 2 };
}
