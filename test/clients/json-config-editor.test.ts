import { describe, expect, it } from 'vitest';
import { editJsonProperty, parseJsonConfig } from '../../src/clients/json-config-editor.js';

const FILE = `{
  // user settings
  "mcpServers": {
    "a": { "command": "x" },
    "b": {"command":"y","args":["1"]}
  },
  "theme": "dark",
}
`;

describe('editJsonProperty', () => {
  it('inserts a property after the last one and leaves every other byte as it was', () => {
    const after = editJsonProperty(FILE, ['mcpServers', 'toolgate'], { command: 'node', args: ['t.js'] });
    const insertAt = FILE.indexOf('{"command":"y","args":["1"]}') + '{"command":"y","args":["1"]}'.length;
    expect(after.slice(0, insertAt)).toBe(FILE.slice(0, insertAt));
    expect(after.slice(after.length - (FILE.length - insertAt))).toBe(FILE.slice(insertAt));
    expect(after.slice(insertAt, after.length - (FILE.length - insertAt))).toBe(
      ',\n    "toolgate": {\n      "command": "node",\n      "args": [\n        "t.js"\n      ]\n    }',
    );
  });

  it('replaces an existing value in place', () => {
    const once = editJsonProperty(FILE, ['mcpServers', 'a'], { url: 'http://h/mcp' });
    expect(once).toBe(FILE.replace('{ "command": "x" }', '{\n      "url": "http://h/mcp"\n    }'));
  });

  it('removes a property with its own line, first, middle or last', () => {
    expect(editJsonProperty(FILE, ['mcpServers', 'a'], undefined)).toBe(
      FILE.replace('    "a": { "command": "x" },\n', ''),
    );
    expect(editJsonProperty(FILE, ['mcpServers', 'b'], undefined)).toBe(
      FILE.replace(',\n    "b": {"command":"y","args":["1"]}', ''),
    );
    expect(editJsonProperty('{"m":{"a":1,"b":2,"c":3}}', ['m', 'b'], undefined)).toBe('{"m":{"a":1,"c":3}}');
    expect(editJsonProperty('{"m":{"a":1}}', ['m', 'a'], undefined)).toBe('{"m":{}}');
  });

  it('creates missing parents and empty files in the file’s own indentation', () => {
    expect(editJsonProperty('', ['mcp', 'toolgate'], { a: 1 })).toBe(
      '{\n  "mcp": {\n    "toolgate": {\n      "a": 1\n    }\n  }\n}\n',
    );
    expect(editJsonProperty('{\n\t"x": 1\n}\n', ['servers', 't'], { a: 1 })).toBe(
      '{\n\t"x": 1,\n\t"servers": {\n\t\t"t": {\n\t\t\t"a": 1\n\t\t}\n\t}\n}\n',
    );
    expect(editJsonProperty('{\r\n    "mcpServers": {}\r\n}\r\n', ['mcpServers', 't'], 1)).toBe(
      '{\r\n    "mcpServers": {\r\n        "t": 1\r\n    }\r\n}\r\n',
    );
  });
});

describe('parseJsonConfig', () => {
  it('accepts comments and trailing commas, and names the line of a syntax error', () => {
    expect(parseJsonConfig(FILE, 'f.json')).toMatchObject({ theme: 'dark' });
    expect(() => parseJsonConfig('{\n  "a": 1\n  "b": 2\n}', 'f.json')).toThrow(
      /f\.json is not valid JSON: CommaExpected at line 3, column 3/,
    );
    expect(() => parseJsonConfig('[1]', 'f.json')).toThrow(/expected a JSON object/);
  });
});
