// A base URL fit for logs and result.json: no user name, password or query string (which could carry a
// key). Results are remembered, since every call of a run names the same few endpoints.
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
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}
