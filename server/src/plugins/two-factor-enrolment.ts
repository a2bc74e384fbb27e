/**
 * Enforced two-factor enrolment (docs/product.md "Accounts"): when an organization requires
 * two-factor sign-in of staff (settings.requireTwoFactor `staff`), an agent or admin who has not
 * set it up may sign in, but every API route answers 403 `two_factor_enrolment_required` until
 * they enrol — except sign-in and the other /api/auth/* routes (GET /api/auth/me among them) and
 * /api/me/two-factor/*, which enrolment needs.
 *
 * Register after the auth plugin and before any route: like plugins/api-key-scopes.ts, an
 * `onRoute` hook adds the check right after each route's `authenticate` (an `onRequest` hook
 * added after the route's own, so before the body is read) and last before its handler (for the
 * routes that authenticate in `preHandler`). The check reads `twoFactorEnrolmentRequired` of the
 * principal (plugins/auth.ts, from the user row it may cache a few seconds); when it is set, the
 * state is read again, so the requests right after enrolling are not refused on a stale cache.
 */
import type {
  FastifyInstance,
  FastifyRequest,
  RouteOptions,
  onRequestHookHandler,
  preHandlerHookHandler,
} from 'fastify';
import fp from 'fastify-plugin';
import { TwoFactorEnrolmentRequiredError } from '../modules/two-factor/index.js';

/** Whether `request` has been checked already (both hooks may run). */
const checked = new WeakSet<FastifyRequest>();

/** Routes a user who must enrol may still call: sign-in and its kin, and the enrolment itself. */
const EXEMPT = /^\/api\/(auth\/|me\/two-factor(\/|$))/;

interface TwoFactorEnrolmentOptions {
  /** Whether the user must still enrol, read now (two-factor.service.ts enrolmentRequired). */
  enrolmentRequired(organizationId: string, userId: string): Promise<boolean>;
}

/** `hooks` (one function, several or none) with `hook` last, unless it is there already. */
function withLast<H>(hooks: H | H[] | undefined, hook: H): H[] {
  const list = hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
  return list.includes(hook) ? list : [...list, hook];
}

async function twoFactorEnrolment(app: FastifyInstance, opts: TwoFactorEnrolmentOptions) {
  /** @throws TwoFactorEnrolmentRequiredError for a user who must enrol first */
  async function check(request: FastifyRequest): Promise<void> {
    const principal = request.principal;
    if (!principal || principal.kind !== 'user' || checked.has(request)) return;
    checked.add(request);
    if (!principal.twoFactorEnrolmentRequired) return;
    if (await opts.enrolmentRequired(principal.organizationId, principal.id)) {
      throw new TwoFactorEnrolmentRequiredError();
    }
  }
  const afterAuthentication: onRequestHookHandler = async function twoFactorEnrolmentCheck(
    request,
  ) {
    await check(request);
  };
  const beforeHandler: preHandlerHookHandler = async function twoFactorEnrolmentLast(request) {
    await check(request);
  };

  app.addHook('onRoute', (options: RouteOptions) => {
    if (!options.url.startsWith('/api/') || EXEMPT.test(options.url)) return;
    options.onRequest = withLast(options.onRequest, afterAuthentication);
    options.preHandler = withLast(options.preHandler, beforeHandler);
  });
}

export default fp(twoFactorEnrolment, {
  name: 'two-factor-enrolment',
  dependencies: ['auth'],
  fastify: '5.x',
});
