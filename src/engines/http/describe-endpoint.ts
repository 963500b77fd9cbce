// A base URL fit for logs, result.json and error messages: no user name, password or query string (which
// could carry a key). Results are remembered, since every call of a run names the same few endpoints.
const described = new Map<string, string>();
const MAX_REMEMBERED = 64;

export function describeEndpoint(baseUrl: string): string {
  let description = described.get(baseUrl);
  if (description === undefined) {
    description = describe(baseUrl);
    if (described.size >= MAX_REMEMBERED) described.clear();
    described.set(baseUrl, description);
  }
  return description;
}

function describe(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    // Without a host (`user:secret@proxy/v1` reads as scheme `user:`) the credentials sit in the path.
    if (url.host !== '') {
      url.username = '';
      url.password = '';
      url.search = '';
      url.hash = '';
      return url.toString().replace(/\/$/, '');
    }
  } catch {
    // Not a URL: a rejected base_url is still quoted, so the secrets are cut out by hand.
  }
  // Up to the last `@`, since a password may hold `/` or `@` too.
  return baseUrl.replace(/[?#].*$/s, '').replace(/^([^/@]*\/+)?.*@/s, '$1');
}
