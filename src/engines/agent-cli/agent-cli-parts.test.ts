import { describe, expect, it } from 'vitest';
import { classifyAgentFailure } from './classify-agent-failure.ts';
import { LineSplitter } from './line-splitter.ts';
import { removeFlags } from './remove-flags.ts';
import { addTokenUsage, tokenUsage } from './token-usage.ts';
import { tomlValue } from './toml-value.ts';
import { expandCategories, parseToolGrants, shellCommandPrefix } from './tool-grants.ts';

describe('LineSplitter', () => {
  it('joins lines split across chunks and flushes a last line without newline', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push('{"a":');
    splitter.push('1}\r\n{"b":2}\n{"c"');
    splitter.push(':3}');
    splitter.end();
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });
});

describe('tool grants', () => {
  it('parses names, patterns, MCP tools and categories, and rejects anything else', () => {
    const parsed = parseToolGrants(['Read', 'Bash(git *)', 'mcp__probe__echo', 'mcp__github', 'read-only']);
    expect(parsed).toEqual({
      grants: [
        { type: 'tool', tool: 'Read', value: 'Read' },
        { type: 'tool', tool: 'Bash', pattern: 'git *', value: 'Bash(git *)' },
        { type: 'mcp', server: 'probe', tool: 'echo', value: 'mcp__probe__echo' },
        { type: 'mcp', server: 'github', value: 'mcp__github' },
        { type: 'category', category: 'read-only', value: 'read-only' },
      ],
    });
    expect(parseToolGrants(['rm -rf /'])).toHaveProperty('problem');
  });

  it('expands categories into tool grants and keeps src-scoped as it is', () => {
    const expanded = expandCategories(
      (parseToolGrants(['git-only', 'src-scoped']) as { grants: never[] }).grants,
    );
    expect(expanded.map((grant: { value: string }) => grant.value)).toEqual([
      'Read',
      'Glob',
      'Grep',
      'Bash(git *)',
      'src-scoped',
    ]);
  });

  it('marks the grants a category stands for, so an engine may skip a tool its CLI lacks', () => {
    const expanded = expandCategories(
      (parseToolGrants(['no-shell', 'NotebookEdit']) as { grants: never[] }).grants,
    );
    expect(expanded.find((grant: { value: string }) => grant.value === 'Write')).toMatchObject({
      fromCategory: 'no-shell',
    });
    // the one named in the plan is not from a category: an engine that cannot map it refuses
    expect(expanded.at(-1)).toEqual({ type: 'tool', tool: 'NotebookEdit', value: 'NotebookEdit' });
  });

  it('reads the command prefix of a shell pattern', () => {
    expect(shellCommandPrefix('git *')).toBe('git');
    expect(shellCommandPrefix('npm:*')).toBe('npm');
    expect(shellCommandPrefix('npm test')).toBe('npm test');
    expect(shellCommandPrefix('*.sh')).toBeUndefined();
  });
});

describe('removeFlags', () => {
  it('drops flags with and without values, `--name=value` forms, and only matching values', () => {
    const specs = [
      { names: ['--yolo'], takesValue: false },
      { names: ['-s', '--sandbox'], takesValue: true },
      { names: ['-c'], takesValue: true, valueMatches: (value: string) => value.startsWith('sandbox_mode=') },
    ];
    const result = removeFlags(
      [
        '--yolo',
        '-s',
        'read-only',
        '--sandbox=danger-full-access',
        '-c',
        'sandbox_mode=x',
        '-c',
        'model="m"',
        '--',
        '--yolo',
      ],
      specs,
    );
    expect(result.args).toEqual(['-c', 'model="m"', '--', '--yolo']);
    expect(result.removed).toEqual([
      '--yolo',
      '-s read-only',
      '--sandbox=danger-full-access',
      '-c sandbox_mode=x',
    ]);
  });
});

describe('removeFlags with array options', () => {
  it('drops every value an array flag takes, up to the next flag, in both forms', () => {
    const specs = [{ names: ['--policy', '--allowed-tools'], takesValue: true, variadic: true }];
    const result = removeFlags(
      [
        '--policy',
        'a.toml',
        'b.toml',
        '--debug',
        '--allowed-tools=x',
        'y',
        '--allowed-tools',
        '-m',
        'm',
        '--',
        'z',
      ],
      specs,
    );
    expect(result.args).toEqual(['--debug', '-m', 'm', '--', 'z']);
    expect(result.removed).toEqual(['--policy a.toml b.toml', '--allowed-tools=x y', '--allowed-tools']);
  });
});

describe('classifyAgentFailure', () => {
  it('prefers the HTTP status and falls back to the words', () => {
    expect(classifyAgentFailure({ message: 'x', status: 401 }).kind).toBe('auth');
    expect(classifyAgentFailure({ message: 'API Error: 429 slow down' }).kind).toBe('rate_limited');
    expect(classifyAgentFailure({ message: 'unexpected status 404 Not Found' }).kind).toBe('not_found');
    expect(classifyAgentFailure({ message: 'Not logged in · Please run /login' }).kind).toBe('auth');
    const badRequest = classifyAgentFailure({ message: '[API Error: 400 bad request]' });
    expect(badRequest).toMatchObject({ kind: 'exit_code', retryable: false });
    expect(classifyAgentFailure({ message: 'status 503' })).toMatchObject({
      kind: 'exit_code',
      retryable: true,
    });
  });
});

describe('token usage', () => {
  it('keeps cached and cache-creation tokens out of input and adds everything up', () => {
    const first = tokenUsage({ input: 1000, cached: 200, cacheCreation: 50, output: 300 });
    expect(first).toEqual({
      input_tokens: 1000,
      cached_tokens: 200,
      cache_creation_tokens: 50,
      output_tokens: 300,
      total_tokens: 1550,
    });
    expect(addTokenUsage(first, tokenUsage({ input: 1, output: 2 })).total_tokens).toBe(1553);
  });
});

describe('tomlValue', () => {
  it('writes strings JSON-quoted and tables inline', () => {
    expect(tomlValue({ name: 'M', base_url: 'http://x/v1', retries: 0, on: true, list: ['a'] })).toBe(
      '{name="M",base_url="http://x/v1",retries=0,on=true,list=["a"]}',
    );
    expect(tomlValue('line\n"quoted"')).toBe('"line\\n\\"quoted\\""');
  });
});
