import { describe, expect, it } from 'vitest';
import { describeEndpoint } from './describe-endpoint.ts';

describe('describeEndpoint', () => {
  it('drops user name, password, query string and fragment', () => {
    expect(describeEndpoint('https://user:sk-live-SECRET@proxy.example/v1/?key=sk-2#x')).toBe(
      'https://proxy.example/v1',
    );
    expect(describeEndpoint('htps://user:sk-live-SECRET@proxy.example/v1')).toBe('htps://proxy.example/v1');
  });

  it('cuts the credentials out of what does not parse as a URL with a host', () => {
    expect(describeEndpoint('http://user:sk-live-SECRET@bad host/v1?key=sk-2')).toBe('http://bad host/v1');
    expect(describeEndpoint('http://user:pa/ss@wo@rd@[bad/v1')).toBe('http://[bad/v1');
    expect(describeEndpoint('user:sk-live-SECRET@proxy.example/v1')).toBe('proxy.example/v1');
    expect(describeEndpoint('proxy.example/v1')).toBe('proxy.example/v1');
  });
});
