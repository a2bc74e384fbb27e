/**
 * API-key scopes on every route (docs/api.md "API keys"; the rules: lib/api-key-scopes.ts).
 * Register after the auth plugin and before any route: an `onRoute` hook gives each route
 * `config.scope` — the one its options name, else the one of lib/api-key-scopes.ts's rules — and
 * adds the check to it. A route under /api that neither names a scope nor matches a rule makes
 * the app fail to start, so a new route cannot forget its scope.
 *
 * The check, for an API key (signed-in people are never affected), with the order of the routes'
 * other checks kept (credentials 401, then role or scope 403, then the request's shape 400):
 * - right after `authenticate` (an `onRequest` hook added after the route's own): a key without the
 *   route's scope gets 403 problem+json `This API key lacks the scope <scope>` with the extension
 *   member `missingScope`, before the body is read or validated;
 * - last before validation (`preValidation`, after the route's own role checks, so that
 *   `requireUser` keeps its words): on a `none` route any key is refused;
 * - last before the handler (`preHandler`), the same for routes that authenticate there.
 * Routes outside /api that match no rule refuse every API key.
 */
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteOptions,
  onRequestHookHandler,
  preHandlerHookHandler,
  preValidationHookHandler,
} from 'fastify';
import fp from 'fastify-plugin';
import { apiKeyAccessOfRoute, type ApiKeyAccess } from '../lib/api-key-scopes.js';
import { sendProblem } from './problem-details.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * What an API key needs to call this route (lib/api-key-scopes.ts): a scope, `none` (no key
     * may) or `public` (no credentials). Set from the rules when a route does not name it.
     */
    scope?: ApiKeyAccess;
    /** For scope `none`: the 403 detail an API key gets. */
    apiKeyDetail?: string;
  }
  interface FastifyInstance {
    /** Every route added after this plugin, with what it asks of an API key (tests, docs). */
    apiKeyRoutes: readonly ApiKeyRoute[];
  }
}

/** A route and what it asks of an API key. */
export interface ApiKeyRoute {
  method: string;
  /** Fastify's path, `:param`. */
  url: string;
  scope: ApiKeyAccess | undefined;
}

/** The detail of a refused `none` route when it names none. */
const NO_KEYS = 'API keys may not do this; sign in';

/** 403 problem+json for an API key, naming `missingScope` when a scope is what it lacks. */
function refuse(reply: FastifyReply, detail: string, missingScope?: string): FastifyReply {
  const problem = {
    title: 'Forbidden',
    status: 403,
    code: 'forbidden',
    detail,
    ...(missingScope ? { missingScope } : {}),
  };
  return sendProblem(reply, problem);
}

/**
 * Whether the request may go on: true for anyone but an API key, and for a key with the route's
 * scope; else the 403 is sent and false returned. `none` routes are refused only when
 * `refuseNone` (the last check, so that a route's own refusal keeps its words).
 */
function allowed(request: FastifyRequest, reply: FastifyReply, refuseNone: boolean): boolean {
  const principal = request.principal;
  if (!principal || principal.kind !== 'api_key') return true;
  const { scope, apiKeyDetail } = request.routeOptions.config;
  if (scope === 'public') return true;
  if (scope === undefined || scope === 'none') {
    if (!refuseNone) return true;
    refuse(reply, apiKeyDetail ?? NO_KEYS);
    return false;
  }
  if (principal.scopes?.includes(scope)) return true;
  refuse(reply, `This API key lacks the scope ${scope}`, scope);
  return false;
}

const checkAfterAuthentication: onRequestHookHandler = async function apiKeyScope(request, reply) {
  if (!allowed(request, reply, false)) return reply;
};
const checkBeforeValidation: preValidationHookHandler = async function apiKeyScopeRefusal(
  request,
  reply,
) {
  if (!allowed(request, reply, true)) return reply;
};
const checkBeforeHandler: preHandlerHookHandler = async function apiKeyScopeLast(request, reply) {
  if (!allowed(request, reply, true)) return reply;
};

/** `hooks` (one function, several or none) with `hook` last, unless it is there already. */
function withLast<H>(hooks: H | H[] | undefined, hook: H): H[] {
  const list = hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
  return list.includes(hook) ? list : [...list, hook];
}

async function apiKeyScopes(app: FastifyInstance) {
  const routes: ApiKeyRoute[] = [];
  app.decorate('apiKeyRoutes', routes);

  app.addHook('onRoute', (options: RouteOptions) => {
    const methods = [options.method].flat().map((m) => m.toUpperCase());
    const config = options.config ?? {};
    for (const method of methods) {
      const found = config.scope
        ? { access: config.scope, keyDetail: config.apiKeyDetail }
        : apiKeyAccessOfRoute(method, options.url);
      if (!found && options.url.startsWith('/api/')) {
        throw new Error(
          `${method} ${options.url} has no API-key scope: add a rule to lib/api-key-scopes.ts or set config.scope`,
        );
      }
      if (found && methods.length > 1 && !config.scope) {
        const other = methods.map((m) => apiKeyAccessOfRoute(m, options.url)?.access);
        if (new Set(other).size > 1) {
          throw new Error(
            `${methods.join('|')} ${options.url} needs different API-key scopes per method: declare one route per method`,
          );
        }
      }
      if (found && !config.scope) {
        options.config = {
          ...config,
          scope: found.access,
          ...(found.keyDetail ? { apiKeyDetail: found.keyDetail } : {}),
        };
      }
      routes.push({ method, url: options.url, scope: found?.access });
    }
    options.onRequest = withLast(options.onRequest, checkAfterAuthentication);
    options.preValidation = withLast(options.preValidation, checkBeforeValidation);
    options.preHandler = withLast(options.preHandler, checkBeforeHandler);
  });
}

export default fp(apiKeyScopes, { name: 'api-key-scopes', dependencies: ['auth'], fastify: '5.x' });
