// OLLAMA_HOST may be `host`, `host:port` or a full URL (Ollama's own convention); without a scheme it means
// http and, without a port, Ollama's port 11434.
export const OLLAMA_DEFAULT_PORT = 11434;

export function normalizeOllamaHost(value: string): string {
  const trimmed = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed;
  const hasPort = /:\d+(\/|$)/.test(trimmed) || /^\[.*\]:\d+/.test(trimmed);
  return `http://${trimmed}${hasPort ? '' : `:${OLLAMA_DEFAULT_PORT}`}`;
}
