// Doctor: the HTTP service has the token it needs (one is required beyond loopback).
import { MIN_AUTH_TOKEN_LENGTH } from '../../config/http-defaults.js';
import { isLoopbackHost } from '../../http/request-guard.js';
import { settingsFromEnv } from '../../settings/parse-settings.js';
import { check, type CheckResult } from '../doctor-check.js';

const GENERATE = 'Generate one with `openssl rand -hex 32` and export it as TOOLGATE_AUTH_TOKEN.';

export function checkAuthToken(env: Record<string, string | undefined>): CheckResult {
  const { host, authToken: token } = settingsFromEnv(env);
  const loopback = isLoopbackHost(host);
  if (token !== undefined && token.length < MIN_AUTH_TOKEN_LENGTH) {
    return check(
      'auth-token',
      'fail',
      `TOOLGATE_AUTH_TOKEN has ${token.length} characters; \`serve --http\` needs at least ${MIN_AUTH_TOKEN_LENGTH}`,
      { fix: GENERATE },
    );
  }
  if (!token) {
    return loopback
      ? check(
          'auth-token',
          'ok',
          `no TOOLGATE_AUTH_TOKEN; on loopback (${host}) \`serve --http\` requires the token it generated in TOOLGATE_HOME/http-token`,
        )
      : check(
          'auth-token',
          'fail',
          `TOOLGATE_HOST is ${host} (not loopback) and TOOLGATE_AUTH_TOKEN is not set; \`serve --http\` refuses to start that way`,
          { fix: `${GENERATE} Or bind to 127.0.0.1.` },
        );
  }
  return check(
    'auth-token',
    'ok',
    `TOOLGATE_AUTH_TOKEN is set (${token.length} characters)${loopback ? '' : ` for ${host}`}`,
  );
}
