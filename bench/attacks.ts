/**
 * `pnpm --filter @docket/bench attacks [--url http://127.0.0.1:3000] [--pid N]`: replays, against
 * a running Docket with the demo data, the attacks that once crashed it or answered 500, and
 * prints what each got: the status codes, the largest response, and the server's resident memory
 * before and after (from /proc when --pid is given). Every loop is bounded in count; it talks to
 * the given loopback URL only. Exits 1 when any answer was a 5xx other than the expected 503s,
 * or when the server stopped answering.
 *
 * The attacks: free JSON near and over its bound on many tickets, then parallel list pages;
 * sixty large changes of one ticket, then its activity; bodies nested thousands of levels;
 * tampered cursors; tokens without aud or exp; a flood of live streams from one user; tracker
 * look-ups that try to lock a requester out; and, all along, another organization's agent whose
 * requests must keep succeeding.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { url: { type: 'string', default: 'http://127.0.0.1:3000' }, pid: { type: 'string' } },
});
const base = values.url!;
if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(base)) {
  throw new Error('attacks run against a loopback URL only');
}

const statuses = new Map<string, Map<number, number>>();
let largest = 0;
let failures = 0;

/** One request; records its status under `attack`. */
async function call(
  attack: string,
  path: string,
  init: RequestInit & { token?: string; json?: unknown; raw?: string } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined || init.raw !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = init.raw ?? JSON.stringify(init.json);
  }
  const res = await fetch(`${base}${path}`, { ...init, headers, body });
  const counts = statuses.get(attack) ?? new Map<number, number>();
  counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
  statuses.set(attack, counts);
  if (res.status >= 500 && res.status !== 503) failures++;
  return res;
}

/** Reads a body and remembers the largest. */
async function size(res: Response): Promise<number> {
  const bytes = (await res.arrayBuffer()).byteLength;
  largest = Math.max(largest, bytes);
  return bytes;
}

function rssMb(): string {
  if (!values.pid) return 'n/a';
  const status = readFileSync(`/proc/${values.pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return `${(kb / 1024).toFixed(0)} MB`;
}

async function login(email: string): Promise<string> {
  const res = await call('sign-in', '/api/auth/login', {
    method: 'POST',
    json: { email, password: 'docket-demo' },
  });
  if (res.status !== 200) throw new Error(`sign-in ${email}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const blob = (bytes: number, keys = 10) =>
  Object.fromEntries(
    Array.from({ length: keys }, (_, i) => [`k${i}`, 'x'.repeat(Math.ceil(bytes / keys))]),
  );
const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);

async function main() {
  console.log(`target ${base}; RSS at start ${rssMb()}`);
  const agent = await login('agent@acme.test');
  const globex = await login('agent@globex.test');
  let neighbourOk = 0;
  let neighbourOther = 0;
  const neighbour = setInterval(() => {
    void call('other organization, meanwhile', '/api/tickets?limit=25', { token: globex })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status === 200) neighbourOk++;
        else neighbourOther++;
      })
      .catch(() => neighbourOther++);
  }, 100);

  // 1. Free JSON: over the bound refused; at the bound on 100 tickets, then parallel pages.
  for (let i = 0; i < 10; i++) {
    await call('1 MB metadata (refused)', '/api/tickets', {
      method: 'POST',
      token: agent,
      json: {
        subject: `Metadata ${i}`,
        description: 'A ticket with far too much metadata.',
        metadata: blob(1_000_000),
      },
    }).then((r) => r.arrayBuffer());
  }
  for (let i = 0; i < 100; i++) {
    await call('16 KB metadata', '/api/tickets', {
      method: 'POST',
      token: agent,
      json: {
        subject: `Bounded metadata ${i}`,
        description: 'A ticket with as much metadata as allowed.',
        requesterName: 'Bo',
        requesterEmail: 'bo@example.com',
        // customFields are checked against the organization's definitions (400 for unknown
        // keys): the free-form bound is exercised through metadata.
        metadata: blob(16_000),
      },
    }).then((r) => r.arrayBuffer());
  }
  for (let round = 0; round < 10; round++) {
    await Promise.all(
      [0, 1, 2].map(() =>
        call('3 parallel list pages of 100', '/api/tickets?limit=100', { token: agent }).then(size),
      ),
    );
  }
  console.log(`after the list pages: RSS ${rssMb()}`);

  // 2. Sixty large changes of one ticket, then its activity.
  const created = await call('16 KB metadata', '/api/tickets', {
    method: 'POST',
    token: agent,
    json: {
      subject: 'Changed sixty times',
      description: 'Its activity is read whole.',
      requesterName: 'Cy',
      requesterEmail: 'cy@example.com',
    },
  });
  const { id } = (await created.json()) as { id: string };
  for (let i = 0; i < 60; i++) {
    await call('60 large PATCHes', `/api/tickets/${id}`, {
      method: 'PATCH',
      token: agent,
      json: { metadata: { ...blob(16_000), i } },
    }).then((r) => r.arrayBuffer());
  }
  await call('60 large PATCHes', `/api/tickets/${id}`, {
    method: 'PATCH',
    token: agent,
    json: { metadata: {} },
  }).then((r) => r.arrayBuffer());
  for (let i = 0; i < 5; i++) {
    await call('activity page of 100', `/api/tickets/${id}/activity?limit=100`, {
      token: agent,
    }).then(size);
  }
  console.log(`after the activity pages: RSS ${rssMb()}`);

  // 3. Deep JSON, 4. cursors, 5. tokens.
  for (const depth of [2_000, 5_000, 50_000]) {
    const raw = `{"subject":"Deep JSON","description":"Nested far too deep.","metadata":${nested(depth)}}`;
    await call('deep JSON (refused)', '/api/tickets', { method: 'POST', token: agent, raw }).then(
      (r) => r.arrayBuffer(),
    );
    await call('deep JSON (refused)', `/api/tickets/${id}`, {
      method: 'PATCH',
      token: agent,
      raw,
    }).then((r) => r.arrayBuffer());
  }
  for (const value of [1e20, 2147483648, 1.5, -1, '-271821-04-20T00:00:00Z']) {
    const cursor = Buffer.from(
      JSON.stringify([value, '00000000-0000-4000-8000-000000000000']),
    ).toString('base64url');
    for (const sortBy of ['number', 'updatedAt']) {
      await call('tampered cursor (refused)', `/api/tickets?sortBy=${sortBy}&cursor=${cursor}`, {
        token: agent,
      }).then((r) => r.arrayBuffer());
    }
  }
  const [header, payload] = agent.split('.') as [string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
    string,
    unknown
  >;
  for (const drop of ['aud', 'exp']) {
    const forged = { ...claims };
    delete forged[drop];
    // Unsigned changes: the signature no longer matches either way; a 401 is what counts.
    const token = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.x`;
    await call('token without aud/exp (refused)', '/api/tickets', { token }).then((r) =>
      r.arrayBuffer(),
    );
  }

  // 6. A flood of live streams from one user.
  const controllers: AbortController[] = [];
  for (let i = 0; i < 50; i++) {
    const controller = new AbortController();
    controllers.push(controller);
    const res = await call('50 live streams, one user', '/api/live', {
      token: agent,
      headers: { Accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (res.status !== 200) await res.arrayBuffer();
  }
  for (const controller of controllers) controller.abort();

  // 7. Tracker lock-out: one IP exhausts a reference; nothing else to see from one machine.
  for (let i = 0; i < 15; i++) {
    await call('tracker look-ups of one reference', '/api/public/track', {
      method: 'POST',
      json: { reference: 'TKT-00001', email: `guess${i}@example.com` },
    }).then((r) => r.arrayBuffer());
  }

  clearInterval(neighbour);
  const health = await fetch(`${base}/api/health`);
  console.log(`\nserver still answering: /api/health ${health.status}; RSS at end ${rssMb()}`);
  console.log(`largest response: ${(largest / 1024).toFixed(0)} KiB`);
  console.log(
    `other organization's agent meanwhile: ${neighbourOk} × 200, ${neighbourOther} other`,
  );
  for (const [attack, counts] of statuses) {
    const list = [...counts]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${n} × ${s}`)
      .join(', ');
    console.log(`  ${attack}: ${list}`);
  }
  if (failures || health.status !== 200) {
    console.log(`FAILED: ${failures} unexpected 5xx`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error('the server stopped answering or the run failed:', error);
  process.exitCode = 1;
});
