// What `maestro doctor` checks for each engine of the design table, as data: where its executable,
// endpoint, package and credentials are expected. Variable names match the engines' own defaults.

export type DoctorEngineKind = 'process' | 'built-in' | 'agent-cli' | 'http' | 'embedded';

export interface DoctorEndpointSpec {
  /** Variable holding the base URL (the engine option `base_url` wins at run time). */
  variable: string;
  defaultUrl: string;
  /** A cheap GET below the base URL that any live server answers. */
  path: string;
  /** Turns the variable's value into a base URL (OLLAMA_HOST may be `host:port` without a scheme). */
  normalize?: (value: string) => string;
}

export interface DoctorEngineSpec {
  name: string;
  kind: DoctorEngineKind;
  /** Agent CLIs: the executable looked up on PATH and asked for `--version`. */
  binary?: string;
  /** The shell engine: the interpreter it runs commands with. */
  interpreter?: string;
  endpoint?: DoctorEndpointSpec;
  /** Credential variables, reported by name only (set or not), never by value. */
  keyVariables: string[];
  /** What to do when the engine is not usable. */
  installHint?: string;
}

export const DOCTOR_ENGINES: readonly DoctorEngineSpec[] = [
  { name: 'shell', kind: 'process', interpreter: '/bin/sh', keyVariables: [] },
  { name: 'mock', kind: 'built-in', keyVariables: [] },
  {
    name: 'claude',
    kind: 'agent-cli',
    binary: 'claude',
    keyVariables: ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'],
    installHint: 'npm install -g @anthropic-ai/claude-code',
  },
  {
    name: 'codex',
    kind: 'agent-cli',
    binary: 'codex',
    keyVariables: ['OPENAI_API_KEY', 'CODEX_API_KEY'],
    installHint: 'npm install -g @openai/codex',
  },
  {
    name: 'gemini',
    kind: 'agent-cli',
    binary: 'gemini',
    keyVariables: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    installHint: 'npm install -g @google/gemini-cli',
  },
  {
    name: 'copilot',
    kind: 'agent-cli',
    binary: 'copilot',
    keyVariables: ['COPILOT_GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN', 'COPILOT_PROVIDER_API_KEY'],
    installHint: 'npm install -g @github/copilot',
  },
  {
    name: 'qwen',
    kind: 'agent-cli',
    binary: 'qwen',
    keyVariables: ['OPENAI_API_KEY', 'DASHSCOPE_API_KEY'],
    installHint: 'npm install -g @qwen-code/qwen-code',
  },
  {
    name: 'opencode',
    kind: 'agent-cli',
    binary: 'opencode',
    keyVariables: [],
    installHint: 'npm install -g opencode-ai',
  },
  {
    name: 'ollama',
    kind: 'http',
    endpoint: {
      variable: 'OLLAMA_HOST',
      defaultUrl: 'http://127.0.0.1:11434',
      path: '/api/version',
      normalize: normalizeOllamaHost,
    },
    keyVariables: [],
    installHint: 'start Ollama (`ollama serve`) or set OLLAMA_HOST',
  },
  {
    name: 'openai',
    kind: 'http',
    endpoint: { variable: 'OPENAI_BASE_URL', defaultUrl: 'https://api.openai.com/v1', path: '/models' },
    keyVariables: ['OPENAI_API_KEY'],
    installHint: 'set OPENAI_BASE_URL to an OpenAI-compatible server, or OPENAI_API_KEY for OpenAI',
  },
  {
    name: 'anthropic',
    kind: 'http',
    endpoint: { variable: 'ANTHROPIC_BASE_URL', defaultUrl: 'https://api.anthropic.com', path: '/v1/models' },
    keyVariables: ['ANTHROPIC_API_KEY'],
    installHint: 'set ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL for a proxy)',
  },
  {
    name: 'google',
    kind: 'http',
    endpoint: {
      variable: 'GOOGLE_GEMINI_BASE_URL',
      defaultUrl: 'https://generativelanguage.googleapis.com',
      path: '/v1beta/models',
    },
    keyVariables: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    installHint: 'set GEMINI_API_KEY (and GOOGLE_GEMINI_BASE_URL for a proxy)',
  },
  { name: 'llama', kind: 'embedded', keyVariables: [] },
];

// Ollama's own reading of OLLAMA_HOST: no scheme means http and port 11434; an explicit http:// or
// https:// without a port means 80 or 443.
export function normalizeOllamaHost(value: string): string {
  const trimmed = value.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  const url = new URL(
    hasScheme ? trimmed : `http://${trimmed.startsWith(':') ? `127.0.0.1${trimmed}` : trimmed}`,
  );
  if (!hasScheme && url.port === '') url.port = '11434';
  if (url.hostname === '') url.hostname = '127.0.0.1';
  return url.href.replace(/\/$/, '');
}
