// RFC 6570 templates as URI patterns, for routing a resources/read to the server whose template matches.
import { describe, expect, it } from 'vitest';
import { RouteTable, templatePattern } from '../../src/gateway/direct/resource-routes.js';

describe('templatePattern', () => {
  it.each([
    ['file:///{path}', 'file:///a.txt', true],
    ['file:///{path}', 'file:///dir/a.txt', false],
    ['file:///{+path}', 'file:///dir/a.txt', true],
    ['repo://{owner}{/path*}', 'repo://ada/src/index.ts', true],
    ['repo://{owner}{/path*}', 'repo://ada', true],
    ['host://example{.tld}', 'host://example.com', true],
    ['host://example{.tld}', 'host://exampleXcom', false],
    ['map://pt{;x,y}', 'map://pt;x=1;y=2', true],
    ['search://q{?term,limit}', 'search://q?term=a&limit=2', true],
    ['search://q{?term}{&limit}', 'search://q?term=a&limit=2', true],
    ['doc://x{#frag}', 'doc://x#intro', true],
    ['doc://x{#frag}', 'doc://xyz', false],
    ['a.b://{id}', 'aXb://1', false],
    ['a+b://(x)/{id}', 'a+b://(x)/1', true],
  ])('%s matches %s: %s', (template, uri, matches) => {
    expect(templatePattern(template).test(uri)).toBe(matches);
  });
});

describe('RouteTable', () => {
  it('routes a URI to the most specific matching template, whatever the server order', () => {
    const routes = new RouteTable();
    routes.rememberTemplates([
      { server: 'a', uriTemplate: 'file:///{+path}' },
      { server: 'b', uriTemplate: 'file:///logs/{name}' },
    ]);
    expect(routes.serverOfUri('file:///logs/today.txt')).toBe('b');
    expect(routes.serverOfUri('file:///etc/hosts')).toBe('a');
  });
});
