// Headers of every OpenAI request: JSON in, a stream out, the key as a bearer token when there is one
// (keyless local servers get no Authorization header).
export function openaiHeaders(apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  return headers;
}
