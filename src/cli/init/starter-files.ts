// The starter files `toolgate init` writes into TOOLGATE_HOME: inert until the user edits them.

/** One example entry, disabled so that nothing starts until the user opts in. */
export const STARTER_SERVERS_JSON = `${JSON.stringify(
  {
    mcpServers: {
      memory: {
        description: 'Example: delete "disabled" to use it, or replace it with your own servers',
        command: 'npx',
        args: ['-y', '@modelcontextprotocol/server-memory'],
        disabled: true,
      },
    },
  },
  null,
  2,
)}\n`;

/** Every setting commented out: as written, the policy allows everything with the default caps. */
export const STARTER_POLICY_YAML = `# toolgate policy. Later files (project .toolgate/policy.yaml, --policy) can only tighten this one.
# Everything below is commented out: as it stands this file allows every tool with the default caps.

# Servers the gateway may use; globs over server names. Deny wins over allow.
# servers:
#   allow: ["*"]
#   deny: ["scratch-*"]

# Tools, as globs over server::tool. Deny wins over allow.
# tools:
#   allow: ["github::*", "memory::*"]
#   deny: ["*::delete_*"]

# Output caps per call: text is cut with a note, larger images are withheld.
# max_output_bytes: 262144
# max_output_tokens: 50000

# Extra redaction patterns (regular expressions), on top of the built-in secret shapes.
# redact:
#   - "corp-[0-9a-f]{32}"
#   - { name: internal-host, pattern: "db\\\\d+\\\\.corp\\\\.example\\\\.com", flags: i, replacement: "[host]" }

# Call timeouts: the default per call, and the ceiling no call may pass.
# timeouts:
#   default_ms: 60000
#   max_ms: 600000
`;
