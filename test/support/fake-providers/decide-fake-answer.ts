// The trigger-word convention shared by every fake (see shared/reference/agent-clis.md): a prompt holding
// WRITE_FILE, RUN_SHELL, RUN_BASH, APPLY_PATCH or CALL_MCP is answered with a call of a fitting tool that
// the request offers, using the tool's own argument names; once a tool result comes back the answer is
// `DONE: file written`; anything else gets the plain reply text.
import { asRecord, type FakeAnswer, type FakeConversation, type FakeToolInfo } from './fake-protocol.ts';
import { sampleFromSchema } from './sample-from-schema.ts';

export const TOOL_DONE_TEXT = 'DONE: file written';
export const DEFAULT_REPLY_TEXT = 'Hello from the fake model';
export const DEFAULT_WRITE_FILE = { path: 'hello.txt', content: 'hello from the fake model\n' };

type Trigger = 'WRITE_FILE' | 'RUN_SHELL' | 'RUN_BASH' | 'APPLY_PATCH' | 'CALL_MCP';
const TRIGGERS: Trigger[] = ['WRITE_FILE', 'RUN_SHELL', 'RUN_BASH', 'APPLY_PATCH', 'CALL_MCP'];

const WRITE_TOOLS = /^(write_file|write|create|create_file|writefile)$/i;
const SHELL_TOOLS = /^(exec_command|run_shell_command|bash|shell|run_command|execute_command)$/i;
const PATCH_TOOLS = /^apply_patch$/i;
const MCP_TOOLS = /^mcp__/;

export interface DecideFakeAnswerInput {
  conversation: FakeConversation;
  replyText: string;
  writeFile: { path: string; content: string };
  callId: string;
}

export function decideFakeAnswer(input: DecideFakeAnswerInput): FakeAnswer {
  const { conversation, replyText } = input;
  if (conversation.hasToolResult) return { type: 'text', text: TOOL_DONE_TEXT };
  const trigger = TRIGGERS.find((word) => conversation.lastUserText.includes(word));
  if (trigger !== undefined) {
    const call = toolCallFor(trigger, input);
    if (call) return call;
  }
  return { type: 'text', text: replyText };
}

function toolCallFor(trigger: Trigger, input: DecideFakeAnswerInput): FakeAnswer | undefined {
  const tools = input.conversation.tools;
  const find = (pattern: RegExp) => tools.find((tool) => pattern.test(tool.name));
  const candidates: Record<Trigger, (FakeToolInfo | undefined)[]> = {
    WRITE_FILE: [find(WRITE_TOOLS), find(SHELL_TOOLS), find(PATCH_TOOLS)],
    RUN_SHELL: [find(SHELL_TOOLS), find(WRITE_TOOLS)],
    RUN_BASH: [find(SHELL_TOOLS), find(WRITE_TOOLS)],
    APPLY_PATCH: [find(PATCH_TOOLS), find(WRITE_TOOLS), find(SHELL_TOOLS)],
    CALL_MCP: [find(MCP_TOOLS)],
  };
  const tool = candidates[trigger].find((candidate) => candidate !== undefined);
  if (!tool) return undefined;
  const { callId, writeFile } = input;
  if (PATCH_TOOLS.test(tool.name)) {
    const patch = addFilePatch(writeFile.path, writeFile.content);
    if (tool.kind === 'custom') return { type: 'custom-tool-call', callId, tool, input: patch };
    return {
      type: 'tool-call',
      callId,
      tool,
      arguments: fillArguments(tool, { input: patch }, ['input', 'patch']),
    };
  }
  if (SHELL_TOOLS.test(tool.name)) {
    const command = `printf '%s' ${quote(writeFile.content)} > ${quote(writeFile.path)}`;
    const values = { command, cmd: command, description: `Write ${writeFile.path}` };
    return { type: 'tool-call', callId, tool, arguments: fillArguments(tool, values, ['command', 'cmd']) };
  }
  if (MCP_TOOLS.test(tool.name)) {
    return {
      type: 'tool-call',
      callId,
      tool,
      arguments: asRecord(sampleFromSchema(tool.parameters, 'hello')),
    };
  }
  const values = {
    file_path: writeFile.path,
    filePath: writeFile.path,
    path: writeFile.path,
    absolute_path: writeFile.path,
    content: writeFile.content,
    contents: writeFile.content,
    file_text: writeFile.content,
    text: writeFile.content,
  };
  return {
    type: 'tool-call',
    callId,
    tool,
    arguments: fillArguments(tool, values, ['file_path', 'content']),
  };
}

// Picks the argument names the tool's schema declares (falling back to `fallbackKeys`), and fills any
// other required argument with a sample value.
function fillArguments(
  tool: FakeToolInfo,
  values: Record<string, string>,
  fallbackKeys: string[],
): Record<string, unknown> {
  const schema = asRecord(tool.parameters);
  const properties = asRecord(schema.properties);
  const declared = Object.keys(properties);
  if (declared.length === 0) return Object.fromEntries(fallbackKeys.map((key) => [key, values[key]]));
  const result: Record<string, unknown> = {};
  for (const key of declared) if (values[key] !== undefined) result[key] = values[key];
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  for (const key of required) {
    if (!(key in result)) result[key] = sampleFromSchema(properties[key]);
  }
  return result;
}

function addFilePatch(path: string, content: string): string {
  const lines = content.replace(/\n$/, '').split('\n');
  return `*** Begin Patch\n*** Add File: ${path}\n${lines.map((line) => `+${line}`).join('\n')}\n*** End Patch\n`;
}

function quote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
