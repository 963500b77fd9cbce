import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasPython, runPython } from '../../test/store/support/python.ts';
import {
  compareCodePoints,
  formatPythonFloat,
  parseJsonPreservingNumbers,
  pythonDumps,
  pythonFloat,
  RawNumber,
} from './python-json.ts';

describe('formatPythonFloat', () => {
  // Expected strings are Python 3.11's repr() of the same floats.
  it.each([
    [1, '1.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.1, '0.1'],
    [0.065, '0.065'],
    [0.07050000000000001, '0.07050000000000001'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [0.000123, '0.000123'],
    [0.0000123, '1.23e-05'],
    [1.5e-7, '1.5e-07'],
    [123456.789, '123456.789'],
    [1e15, '1000000000000000.0'],
    [9999999999999998, '9999999999999998.0'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [1.2345678901234568e20, '1.2345678901234568e+20'],
    [1e100, '1e+100'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [-2.5, '-2.5'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])('formats %s as %s', (value, expected) => {
    expect(formatPythonFloat(value)).toBe(expected);
  });

  it.skipIf(!hasPython)('matches Python repr on random doubles of every magnitude', () => {
    const values: number[] = [];
    for (let index = 0; index < 3000; index += 1) {
      const mantissa = Math.random() * 10;
      const exponent = Math.floor(Math.random() * 60) - 30;
      values.push(Number((mantissa * 10 ** exponent).toPrecision(1 + (index % 17))) * (index % 2 ? -1 : 1));
    }
    // float.hex keeps Python's input bit-exact regardless of how JavaScript prints it.
    const input = values.map((value) => bitsOf(value)).join('\n');
    const output = runPython(
      'import sys, struct\nfor line in sys.stdin.read().split():\n    print(repr(struct.unpack("<d", bytes.fromhex(line))[0]))',
      input,
    );
    expect(values.map(formatPythonFloat)).toEqual(output.trim().split('\n'));
  });
});

function bitsOf(value: number): string {
  const buffer = Buffer.alloc(8);
  buffer.writeDoubleLE(value);
  return buffer.toString('hex');
}

describe('pythonDumps', () => {
  it('uses Python spacing and escapes non-ASCII the ensure_ascii way', () => {
    const value = {
      text: 'caf\u00e9 \ud83d\ude00 "q" \\ \n\r\t\b\f \u0001\u001f\u007f\u2028 /',
      list: [1, true, null],
    };
    expect(pythonDumps(value)).toBe(
      '{"text": "caf\\u00e9 \\ud83d\\ude00 \\"q\\" \\\\ \\n\\r\\t\\b\\f \\u0001\\u001f\\u007f\\u2028 /", "list": [1, true, null]}',
    );
  });

  it('writes integers as ints and other numbers as Python floats', () => {
    expect(pythonDumps([0, -0, 42, -7, 2 ** 53 - 1, 2 ** 53 + 2, 0.5, 1e-5, 1e21, 10n ** 30n])).toBe(
      '[0, 0, 42, -7, 9007199254740991, 9007199254740994.0, 0.5, 1e-05, 1e+21, 1000000000000000000000000000000]',
    );
  });

  it('writes non-finite numbers as Python does (allow_nan=True)', () => {
    expect(pythonDumps([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe(
      '[NaN, Infinity, -Infinity]',
    );
  });

  it('keeps insertion order by default and sorts by code point with sortKeys', () => {
    const value = { b: 1, a: { d: 2, c: 3 }, '\uffff': 4, '\ud83d\ude00': 5, Z: 6 };
    expect(pythonDumps(value)).toBe(
      '{"b": 1, "a": {"d": 2, "c": 3}, "\\uffff": 4, "\\ud83d\\ude00": 5, "Z": 6}',
    );
    expect(pythonDumps(value, { sortKeys: true })).toBe(
      '{"Z": 6, "a": {"c": 3, "d": 2}, "b": 1, "\\uffff": 4, "\\ud83d\\ude00": 5}',
    );
  });

  it('pretty-prints like indent=2, with empty containers inline', () => {
    expect(pythonDumps({ a: [], b: {}, c: [1, { d: 'x' }], e: pythonFloat(0) }, { indent: 2 })).toBe(
      '{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    {\n      "d": "x"\n    }\n  ],\n  "e": 0.0\n}',
    );
  });

  it('drops undefined members, writes undefined array items as null and honours toJSON', () => {
    expect(pythonDumps({ a: undefined, b: [undefined], c: new Date(Date.UTC(2026, 10, 21)) })).toBe(
      '{"b": [null], "c": "2026-11-21T00:00:00.000Z"}',
    );
  });

  it('refuses circular structures and non-JSON top-level values', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => pythonDumps(circular)).toThrow(/Circular/);
    expect(() => pythonDumps(undefined)).toThrow(TypeError);
  });

  it.skipIf(!hasPython)('agrees with json.dumps on a mixed document, sorted and pretty', () => {
    const document = {
      z: 'Ω≈ç√ 𝄞 \u0000',
      numbers: [1.0, 0.1, 1e-7, 123456789, 1.5e300, -3.25],
      nested: { b: [true, false, null], a: {} },
      empty: [],
    };
    const input = JSON.stringify(document);
    const program =
      'import json, sys\nd = json.loads(sys.stdin.read())\nd["numbers"][0] = 1\n' +
      'print(json.dumps(d, sort_keys=True))\nprint(json.dumps(d, indent=2))';
    const [sorted, ...pretty] = runPython(program, input).replace(/\n$/, '').split('\n');
    expect(pythonDumps(document, { sortKeys: true })).toBe(sorted);
    expect(pythonDumps(document, { indent: 2 })).toBe(pretty.join('\n'));
  });
});

describe('compareCodePoints', () => {
  it('orders astral characters after the rest of the BMP, like Python', () => {
    expect(['\ud83d\ude00', '\uffff', 'a', 'ab', ''].sort(compareCodePoints)).toEqual([
      '',
      'a',
      'ab',
      '\uffff',
      '\ud83d\ude00',
    ]);
  });

  it('orders lone surrogates as code points of their own, as Python does', () => {
    // The orders Python 3 gives for json.dumps(..., sort_keys=True) of the same keys.
    const keys = ['\ud800', '\uffff', '\udc00', '\ud83d\ude00', 'a', '\ud83d', '\ud83dx'];
    expect([...keys].sort(compareCodePoints)).toEqual([
      'a',
      '\ud800',
      '\ud83d',
      '\ud83dx',
      '\udc00',
      '\uffff',
      '\ud83d\ude00',
    ]);
    expect(['x\ud83d\ude00', 'x\ud83dy', 'x\ud83d'].sort(compareCodePoints)).toEqual([
      'x\ud83d',
      'x\ud83dy',
      'x\ud83d\ude00',
    ]);
  });
});

describe('RawNumber', () => {
  it('re-serialises literals the way Python re-dumps them after json.loads', () => {
    const cases: [string, string][] = [
      ['1.0', '1.0'],
      ['0.0', '0.0'],
      ['1e-05', '1e-05'],
      ['1E5', '100000.0'],
      ['1.50', '1.5'],
      ['-0', '0'],
      ['-0.0', '-0.0'],
      ['12345678901234567890123', '12345678901234567890123'],
      ['1e400', 'Infinity'],
      ['NaN', 'NaN'],
    ];
    for (const [literal, expected] of cases) expect(new RawNumber(literal).toPythonJson()).toBe(expected);
  });

  it('exposes the numeric value and rejects text that is not a number', () => {
    expect(new RawNumber('1.5').value).toBe(1.5);
    expect(new RawNumber('2').isFloat).toBe(false);
    expect(() => new RawNumber('01')).toThrow(TypeError);
    expect(() => new RawNumber('abc')).toThrow(TypeError);
  });
});

describe('parseJsonPreservingNumbers', () => {
  it('returns RawNumber for every number and plain values otherwise', () => {
    const parsed = parseJsonPreservingNumbers(
      ' {"a": [1.0, -2, 3e-5], "b": "x\\u00e9\\n", "c": null, "d": false} ',
    );
    expect(parsed).toEqual({
      a: [new RawNumber('1.0'), new RawNumber('-2'), new RawNumber('3e-5')],
      b: 'x\u00e9\n',
      c: null,
      d: false,
    });
  });

  it('reproduces every line Python wrote to the sample event logs byte for byte', () => {
    for (const run of ['demo_run', 'fake_engines_run']) {
      const lines = readFileSync(`/work/shared/compat/runs/${run}/events.jsonl`, 'utf8').trim().split('\n');
      for (const line of lines) expect(pythonDumps(parseJsonPreservingNumbers(line))).toBe(line);
    }
  });

  it("accepts Python's NaN and Infinity, keeps the last duplicate key and a __proto__ key as data", () => {
    const parsed = parseJsonPreservingNumbers(
      '{"a": NaN, "b": -Infinity, "a": Infinity, "__proto__": 1}',
    ) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['a', 'b', '__proto__']);
    expect(pythonDumps(parsed)).toBe('{"a": Infinity, "b": -Infinity, "__proto__": 1}');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it.each(['', '{', '{"a" 1}', '[1,]', '{"a": 01}', '"\u0001"', '[1] x', '"\\x"', 'tru'])(
    'rejects %j',
    (text) => {
      expect(() => parseJsonPreservingNumbers(text)).toThrow(SyntaxError);
    },
  );
});
