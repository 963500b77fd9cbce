// One request an HTTP engine sends: built by a provider module, sent (and re-sent) by sendModelRequest.
export interface ModelHttpRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}
