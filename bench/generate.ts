/**
 * Generates the benchmark's data set (issue "Benchmark at a million tickets"): by default
 * 1,000,000 tickets over 5 organizations (one holding 60%), about 3 responses per ticket (some of
 * them internal notes), activity rows, 200 agents, 100,000 requesters, categories, tags and SLA
 * policies, dates over 3 years, and text drawn from the Bitext customer-support data set
 * (bench/data/, CDLA-Sharing-1.0) varied with products, places, order numbers and a long tail of
 * words so that full-text search sees a realistic vocabulary.
 *
 * How (set-based, so a million tickets take minutes, not hours):
 * 1. The `public` schema is emptied and the real migrations are applied (server/src/db/migrate.ts).
 * 2. Small tables (organizations, users, categories, SLA policies) and a staging table of the
 *    tickets are filled with `generate_series`; every random choice is a hash of the row number
 *    (`bench.rnd`), so a data set is the same on every machine except for its dates, which are
 *    relative to the day it is generated.
 * 3. The search triggers (migration *_ticket_search) are disabled and the secondary indexes of the
 *    bulk tables dropped; tickets, responses and activity are inserted with `INSERT … SELECT`;
 *    the full-text vectors are then computed for all tickets at once with the migration's own SQL
 *    functions (`docket_ticket_search_vector`, `docket_ticket_internal_search_vector`), the
 *    indexes rebuilt, the triggers enabled again, and everything vacuumed and analysed.
 * 4. Each organization's `ticketCounter` is set to its highest ticket number, so that tickets
 *    created afterwards continue the sequence without a gap.
 * 5. `bench.meta` records what was generated; `run.ts` reuses a data set whose meta matches.
 *
 * Users share one scrypt hash (server/src/lib/password.ts) of BENCH_PASSWORD: hashing 100,000
 * passwords would take hours and prove nothing.
 *
 * CLI: `pnpm --filter @docket/bench generate -- --tickets 100000` (run.ts calls it for you).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { migrate } from '../server/src/db/migrate.js';
import { hashPassword } from '../server/src/lib/password.js';
import { REPO_ROOT } from './database.js';

/** Bumped whenever the generated data changes shape: a data set of another version is regenerated. */
export const GENERATOR_VERSION = 1;

/** Password of every generated user. */
export const BENCH_PASSWORD = 'docket-bench';

/** The organizations: the first holds 60% of the tickets, agents and requesters; the others 10% each. */
export const BENCH_ORGANIZATIONS = [
  { slug: 'northwind', name: 'Northwind Support', share: 0.6, agents: 120 },
  { slug: 'contoso', name: 'Contoso Help', share: 0.1, agents: 20 },
  { slug: 'fabrikam', name: 'Fabrikam Care', share: 0.1, agents: 20 },
  { slug: 'initech', name: 'Initech Service Desk', share: 0.1, agents: 20 },
  { slug: 'umbrella', name: 'Umbrella Customer Care', share: 0.1, agents: 20 },
] as const;

/** The agent the benchmark signs in as: an agent of the big organization. */
export const BENCH_AGENT_EMAIL = 'agent1@northwind.test';

/** Product brands and items named in descriptions: brand + item is the selective search phrase. */
const BRANDS = [
  'Aurelia',
  'Brightwave',
  'Cobalto',
  'Dunmore',
  'Elmsfield',
  'Fjordline',
  'Glimmer',
  'Halcyon',
  'Ironbark',
  'Juniper',
  'Kestrel',
  'Lumora',
  'Meridian',
  'Northstar',
  'Oakridge',
  'Pinecrest',
  'Quillon',
  'Rivulet',
  'Solenne',
  'Tidewater',
  'Umberto',
  'Verdant',
  'Westbrook',
  'Xylo',
  'Yellowfin',
  'Zephyra',
  'Amberly',
  'Bramblewood',
  'Caspian',
  'Driftwood',
  'Emberline',
  'Foxglove',
  'Granite',
  'Harbor',
  'Indigo',
  'Jasperly',
  'Kilnworth',
  'Larkspur',
  'Moonstone',
  'Nettlefield',
];
const ITEMS = [
  'blender',
  'router',
  'headphones',
  'backpack',
  'kettle',
  'monitor',
  'keyboard',
  'thermostat',
  'vacuum',
  'toaster',
  'speaker',
  'camera',
  'smartwatch',
  'printer',
  'lamp',
  'mattress',
  'stroller',
  'bicycle',
  'tent',
  'jacket',
  'sneakers',
  'suitcase',
  'drill',
  'projector',
  'tablet',
  'charger',
  'humidifier',
  'grill',
  'microwave',
  'scooter',
];
const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Amelia',
  'Oliver',
  'Sophia',
  'Elijah',
  'Charlotte',
  'James',
  'Mia',
  'Lucas',
  'Chloé',
  'Mathis',
  'Léa',
  'Gabriel',
  'Zoé',
  'Raphaël',
  'Aisha',
  'Mohamed',
  'Fatima',
  'Omar',
  'Priya',
  'Arjun',
  'Mei',
  'Wei',
  'Yuki',
  'Hiroshi',
  'Sofía',
  'Mateo',
  'Valentina',
  'Santiago',
  'Ingrid',
  'Lars',
  'Anya',
  'Dmitri',
  'Chiara',
  'Luca',
  'Nia',
  'Kwame',
  'Amara',
  'Tariq',
  'Hannah',
  'Jonas',
  'Élodie',
  'Félix',
  'Camille',
  'Théo',
  'Maya',
  'Ethan',
];
const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Tremblay',
  'Gagnon',
  'Roy',
  'Côté',
  'Bouchard',
  'Gauthier',
  'Morin',
  'Lavoie',
  'Fortin',
  'Gagné',
  'Nguyen',
  'Tran',
  'Kim',
  'Park',
  'Chen',
  'Wang',
  'Singh',
  'Patel',
  'Khan',
  'Ali',
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Rossi',
  'Russo',
  'Ferrari',
  'Silva',
  'Santos',
  'Oliveira',
  'Kowalski',
  'Nowak',
  'Ivanov',
  'Petrov',
  'Okafor',
  'Mensah',
  'Haddad',
  'Cohen',
  'Larsen',
  'Jensen',
];
const CITIES = [
  'Toronto',
  'Montréal',
  'Vancouver',
  'Calgary',
  'Ottawa',
  'Québec',
  'Halifax',
  'Winnipeg',
  'Boston',
  'Chicago',
  'Denver',
  'Seattle',
  'Austin',
  'Atlanta',
  'Portland',
  'Phoenix',
  'London',
  'Manchester',
  'Dublin',
  'Paris',
  'Lyon',
  'Berlin',
  'Munich',
  'Madrid',
  'Lisbon',
  'Rome',
  'Milan',
  'Amsterdam',
  'Brussels',
  'Zürich',
  'Vienna',
  'Prague',
  'Warsaw',
  'Stockholm',
  'Oslo',
  'Helsinki',
  'Sydney',
  'Melbourne',
  'Auckland',
  'Singapore',
];
const MAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.test', 'inbox.test'];
const INTERNAL_NOTES = [
  'Internal: checked the order in the warehouse system, waiting on the carrier.',
  'Internal: customer is on the enterprise plan, handle with priority.',
  'Internal: escalated to billing, they will refund within 3 business days.',
  'Internal: duplicate of an earlier request from the same customer.',
  'Internal: needs approval from a team lead before we issue the credit.',
  'Internal: the payment gateway shows a failed capture, retry scheduled.',
  'Internal: asked logistics for a replacement shipment.',
  'Internal: known issue with the latest app release, engineering is on it.',
];
const CUSTOMER_FOLLOW_UPS = [
  'Thanks for the quick answer.',
  'I tried that and it still does not work.',
  'Any update on this? It has been a few days.',
  'Here is the information you asked for.',
  'That fixed it, thank you!',
  'Could you please call me back?',
  'I am still waiting for the refund to show up.',
  'The tracking page has not changed since Monday.',
];
const TAGS = ['vip', 'escalated', 'repeat-contact', 'social-media', 'mobile-app', 'enterprise'];
/** SLA per priority, most urgent first (the policies' position follows): first response and resolution, minutes. */
const PRIORITY_SLA: [string, number, number][] = [
  ['CRITICAL', 15, 4 * 60],
  ['URGENT', 60, 8 * 60],
  ['HIGH', 4 * 60, 24 * 60],
  ['MEDIUM', 8 * 60, 72 * 60],
  ['LOW', 24 * 60, 120 * 60],
];

/** Tickets inserted per statement: progress is reported after each chunk. */
const CHUNK = 100_000;

export interface GenerateOptions {
  /** Database to fill; its `public` schema is dropped and recreated. */
  databaseUrl: string;
  /** Number of tickets (≥ 1,000). */
  tickets: number;
  log?: (message: string) => void;
}

/** What `bench.meta` holds about a generated data set (also copied into the results JSON). */
export interface DatasetMeta {
  generatorVersion: number;
  tickets: number;
  responses: number;
  internalNotes: number;
  activities: number;
  organizations: number;
  agents: number;
  requesters: number;
  generatedAt: string;
  generationSeconds: number;
  /** The big organization: its id, slug and how many tickets it holds. */
  bigOrganization: { id: string; slug: string; tickets: number };
  signIn: { email: string; password: string };
  /** The selective phrase of the search scenario and how many of the big organization's tickets match it. */
  selectivePhrase: { q: string; matches: number };
  /** The common word of the search scenario and how many of the big organization's tickets match it. */
  commonWord: { q: string; matches: number };
  /** Unsolved (NEW…ON_HOLD) tickets of the big organization: the default list's length. */
  openTickets: number;
}

/** The phrase of scenario "selective search": one product of BRANDS × ITEMS (about 1 ticket in 1,200). */
export const SELECTIVE_PHRASE = `"${BRANDS[16]} ${ITEMS[4]}"`;
/** The word of scenario "common word search": in about two tickets in three. */
export const COMMON_WORD = 'order';

/** The stored meta of the data set in `databaseUrl`, or null when there is none (or no database). */
export async function readDatasetMeta(databaseUrl: string): Promise<DatasetMeta | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exists = await client.query(`SELECT to_regclass('bench.meta') IS NOT NULL AS ok`);
    if (!exists.rows[0].ok) return null;
    const { rows } = await client.query(`SELECT value FROM bench.meta WHERE key = 'dataset'`);
    return (rows[0]?.value as DatasetMeta | undefined) ?? null;
  } finally {
    await client.end();
  }
}

interface BitextRow {
  instruction: string;
  response: string;
  intent: string;
  category: string;
}

/** The Bitext rows, from the copy kept in the repository (bench/data/, with its licence). */
function loadBitext(): BitextRow[] {
  const file = path.join(REPO_ROOT, 'bench', 'data', 'customer-support-requests.csv');
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as (
    BitextRow | Record<string, string>
  )[];
  return rows.map((r) => ({
    instruction: String(r.instruction).trim(),
    response: String(r.response).trim(),
    intent: String(r.intent),
    category: String(r.category),
  }));
}

/**
 * Fills the database of `options.databaseUrl` with a fresh data set of `options.tickets` tickets
 * (everything in its `public` schema is dropped first) and returns its meta.
 * About 10–15 minutes for 1,000,000 tickets on 2 cores; 20,000 take under half a minute.
 * @throws on any SQL error (the data set is then incomplete and has no meta: the next run regenerates it).
 */
export async function generateDataset(options: GenerateOptions): Promise<DatasetMeta> {
  const log = options.log ?? ((message: string) => console.log(message));
  const n = Math.round(options.tickets);
  if (!Number.isSafeInteger(n) || n < 1000) throw new Error('--tickets must be at least 1000');
  const started = performance.now();
  const step = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await work();
    log(`  ${what} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    return result;
  };

  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const q = (sql: string, values?: unknown[]) => client.query(sql, values);
    await step('empty the database', async () => {
      await q('DROP SCHEMA IF EXISTS bench CASCADE');
      await q('DROP SCHEMA IF EXISTS public CASCADE');
      await q('CREATE SCHEMA public');
    });
    await step('apply the migrations', () => migrate(options.databaseUrl, { log: () => {} }));
    await q(`SET maintenance_work_mem = '512MB'`);
    await q(`SET work_mem = '64MB'`);

    // ── helpers and source text ──────────────────────────────────────────────────────────
    await step('load the Bitext text and its vocabulary', async () => {
      await q('CREATE SCHEMA bench');
      await q(`CREATE TABLE bench.meta (key text PRIMARY KEY, value jsonb NOT NULL)`);
      // A uniform number in [0, 1) from a row number and a salt: reproducible randomness.
      await q(`CREATE FUNCTION bench.rnd(i bigint, salt int) RETURNS float8
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT (hashint8extended(i, salt) & 9007199254740991)::float8 / 9007199254740992.0 $$`);
      // A whole number in [1, n].
      await q(`CREATE FUNCTION bench.pick(i bigint, salt int, n int) RETURNS int
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT 1 + floor(bench.rnd(i, salt) * n)::int $$`);
      const bitext = loadBitext();
      await q(`CREATE TABLE bench.texts (k int PRIMARY KEY, instruction text, response text,
        intent text, category text)`);
      await q(
        `INSERT INTO bench.texts
         SELECT k, instruction, response, intent, category
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
           AS s(instruction, response, intent, category, k)`,
        [
          bitext.map((r) => r.instruction),
          bitext.map((r) => r.response),
          bitext.map((r) => r.intent),
          bitext.map((r) => r.category),
        ],
      );
      // Every word of the corpus, most frequent first, then misspellings of the longer ones (a
      // letter dropped or doubled, as people type): picking index ⌊V^u⌋ for a uniform u gives a
      // long-tailed (Zipf-like) use of that vocabulary. Order and invoice numbers, names, emails,
      // products and places add their own long tail below.
      await q(`CREATE TABLE bench.vocab (k int PRIMARY KEY, word text NOT NULL)`);
      await q(`INSERT INTO bench.vocab
        SELECT row_number() OVER (ORDER BY n DESC, w), w FROM (
          SELECT w, count(*) AS n
          FROM (SELECT regexp_split_to_table(lower(instruction || ' ' || response), '[^a-z]+') AS w
                FROM bench.texts) s
          WHERE length(w) >= 3 GROUP BY w) words`);
      await q(`INSERT INTO bench.vocab
        SELECT (SELECT max(k) FROM bench.vocab) + row_number() OVER (ORDER BY w), w FROM (
          SELECT DISTINCT CASE WHEN g % 2 = 0
              THEN left(v.word, p) || substr(v.word, p + 2)
              ELSE left(v.word, p + 1) || substr(v.word, p + 1) END AS w
          FROM bench.vocab v, generate_series(1, 8) AS g,
            LATERAL (SELECT 1 + (abs(hashint4(v.k * 8 + g)) % (length(v.word) - 1)) AS p) pos
          WHERE length(v.word) >= 5) typos
        WHERE w NOT IN (SELECT word FROM bench.vocab)`);
      const named = (name: string, values: string[]) =>
        q(
          `CREATE TABLE bench.${name} AS
           SELECT k::int, v FROM unnest($1::text[]) WITH ORDINALITY AS s(v, k)`,
          [values],
        ).then(() => q(`ALTER TABLE bench.${name} ADD PRIMARY KEY (k)`));
      await named('brands', BRANDS);
      await named('items', ITEMS);
      await named('first_names', FIRST_NAMES);
      await named('last_names', LAST_NAMES);
      await named('cities', CITIES);
      await named('domains', MAIL_DOMAINS);
      await named('notes', INTERNAL_NOTES);
      await named('follow_ups', CUSTOMER_FOLLOW_UPS);
      await named('tags', TAGS);
      await q('ANALYZE bench.texts, bench.vocab');
    });
    const textCount = Number((await q('SELECT count(*) AS c FROM bench.texts')).rows[0].c);
    const vocabCount = Number((await q('SELECT count(*) AS c FROM bench.vocab')).rows[0].c);

    // ── organizations, people, categories, SLA ───────────────────────────────────────────
    const requesters = Math.max(500, Math.round(n / 10));
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    await step('organizations, 200 agents, requesters, categories, SLA policies', async () => {
      await q(`CREATE TABLE bench.orgs (idx int PRIMARY KEY, id uuid NOT NULL, slug text,
        agents int, customers int, customer_offset int)`);
      let offset = 0;
      for (const [i, org] of BENCH_ORGANIZATIONS.entries()) {
        const customers = Math.round(requesters * org.share);
        await q(
          `WITH o AS (
             INSERT INTO organizations (id, name, slug, "ticketCounter", settings, "createdAt", "updatedAt")
             VALUES (gen_random_uuid(), $1, $2, 0, '{"timeZone": "America/Toronto"}',
                     now() - interval '3 years 1 month', now())
             RETURNING id)
           INSERT INTO bench.orgs SELECT $3, id, $2, $4, $5, $6 FROM o`,
          [org.name, org.slug, i + 1, org.agents, customers, offset],
        );
        offset += customers;
      }
      // Agents: the first of each organization is its admin.
      await q(`CREATE TABLE bench.agents (org_idx int, k int, id uuid, name text,
        PRIMARY KEY (org_idx, k))`);
      await q(`INSERT INTO bench.agents
        SELECT o.idx, k, gen_random_uuid(),
          (SELECT v FROM bench.first_names WHERE k = bench.pick(o.idx * 1000 + g.k, 11, ${FIRST_NAMES.length})) || ' ' ||
          (SELECT v FROM bench.last_names WHERE k = bench.pick(o.idx * 1000 + g.k, 12, ${LAST_NAMES.length}))
        FROM bench.orgs o, LATERAL generate_series(1, o.agents) AS g(k)`);
      await q(
        `INSERT INTO users (id, "organizationId", email, name, "passwordHash", role, locale,
           "timeZone", "isActive", "createdAt", "updatedAt")
         SELECT a.id, o.id,
           CASE WHEN a.k = 1 THEN 'admin@' ELSE 'agent' || (a.k - 1) || '@' END || o.slug || '.test',
           a.name, $1, CASE WHEN a.k = 1 THEN 'ADMIN' ELSE 'AGENT' END::"Role",
           CASE WHEN a.k % 4 = 0 THEN 'fr-CA' ELSE 'en' END, 'America/Toronto', true,
           now() - interval '3 years', now()
         FROM bench.agents a JOIN bench.orgs o ON o.idx = a.org_idx`,
        [passwordHash],
      );
      // Requesters (customers): name, unique email, the shared hash.
      await q(`CREATE TABLE bench.customers (org_idx int, k int, id uuid, name text, email text,
        PRIMARY KEY (org_idx, k))`);
      await q(`INSERT INTO bench.customers
        SELECT o.idx, g.k, gen_random_uuid(), f.v || ' ' || l.v,
          lower(translate(f.v || '.' || l.v, 'éèêëàâäôöûüùçíóúñ', 'eeeeaaaoouuucioun'))
            || '.' || (o.customer_offset + g.k) || '@' || d.v
        FROM bench.orgs o
        CROSS JOIN LATERAL generate_series(1, o.customers) AS g(k)
        JOIN bench.first_names f ON f.k = bench.pick(o.customer_offset + g.k, 13, ${FIRST_NAMES.length})
        JOIN bench.last_names l ON l.k = bench.pick(o.customer_offset + g.k, 14, ${LAST_NAMES.length})
        JOIN bench.domains d ON d.k = bench.pick(o.customer_offset + g.k, 15, ${MAIL_DOMAINS.length})`);
      await q(
        `INSERT INTO users (id, "organizationId", email, name, "passwordHash", role, locale,
           "timeZone", "isActive", "createdAt", "updatedAt")
         SELECT c.id, o.id, c.email, c.name, $1, 'CUSTOMER', 'en', 'UTC', true,
           now() - interval '3 years', now()
         FROM bench.customers c JOIN bench.orgs o ON o.idx = c.org_idx`,
        [passwordHash],
      );
      await q(`INSERT INTO categories (id, "organizationId", name, description, "isActive", "createdAt", "updatedAt")
        SELECT gen_random_uuid(), o.id, c.name, NULL, true, now() - interval '3 years', now()
        FROM bench.orgs o,
          (SELECT DISTINCT initcap(replace(category, '_', ' ')) AS name FROM bench.texts) c`);
      // One policy per priority (its condition), most urgent first, around the clock: the
      // policies the migration *_sla_business_hours makes of the former per-priority ones.
      await q(
        `INSERT INTO sla_policies (id, "organizationId", name, position, conditions,
           "firstResponseMinutes", "resolutionMinutes", "createdAt", "updatedAt")
         SELECT gen_random_uuid(), o.id, initcap(p.priority) || ' priority', p.position,
           jsonb_build_object('priorities', jsonb_build_array(p.priority)),
           p.first, p.resolution, now(), now()
         FROM bench.orgs o,
           unnest($1::text[], $2::int[], $3::int[], $4::int[]) AS p(priority, first, resolution, position)`,
        [
          PRIORITY_SLA.map((s) => s[0]),
          PRIORITY_SLA.map((s) => s[1]),
          PRIORITY_SLA.map((s) => s[2]),
          PRIORITY_SLA.map((_, i) => 10 * i),
        ],
      );
      await q('ANALYZE bench.agents, bench.customers, bench.orgs');
    });

    // ── tickets: a staging table first (the responses and activity derive from it) ───────
    const now = new Date();
    const start = new Date(now.getTime() - 3 * 365.25 * 24 * 3600 * 1000);
    const spanSeconds = (now.getTime() - start.getTime()) / 1000;
    await step(`plan ${n.toLocaleString('en-US')} tickets (staging table)`, async () => {
      await q(`CREATE UNLOGGED TABLE bench.t (
        i bigint PRIMARY KEY, id uuid NOT NULL, org_idx int NOT NULL, number int NOT NULL,
        created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
        first_responded_at timestamptz, resolved_at timestamptz, closed_at timestamptz,
        status text NOT NULL, priority text NOT NULL, channel text NOT NULL, text_k int NOT NULL,
        responses int NOT NULL, assignee_k int, requester_k int)`);
      // Ticket i belongs to organization 1 when (i-1) mod 10 < 6, else to 2..5: numbers follow
      // creation time within each organization, with no gap.
      await q(
        `INSERT INTO bench.t
         SELECT i, gen_random_uuid(), org_idx, number, created_at,
           CASE WHEN status = 'NEW' THEN created_at
                WHEN status IN ('RESOLVED', 'CLOSED') THEN least(done_at + CASE WHEN status = 'CLOSED' THEN interval '3 days' ELSE interval '0' END, $2::timestamptz - interval '1 minute')
                ELSE created_at + ($2::timestamptz - created_at) * bench.rnd(i, 6) END,
           CASE WHEN status = 'NEW' THEN NULL
                ELSE least(created_at + interval '5 minutes' * exp(bench.rnd(i, 7) * 4.6), $2::timestamptz - interval '2 minutes') END,
           CASE WHEN status IN ('RESOLVED', 'CLOSED') THEN least(done_at, $2::timestamptz - interval '1 minute') END,
           CASE WHEN status = 'CLOSED' THEN least(done_at + interval '3 days', $2::timestamptz - interval '1 minute') END,
           status, priority, channel, text_k,
           CASE WHEN status = 'NEW' THEN 0 ELSE 1 + floor(bench.rnd(i, 8) * 5)::int END,
           CASE WHEN status = 'NEW' OR bench.rnd(i, 9) < 0.05 THEN NULL
                ELSE 2 + floor(bench.rnd(i, 10) * (agents - 1))::int END,
           CASE WHEN bench.rnd(i, 16) < 0.05 THEN NULL
                ELSE bench.pick(i, 17, customers) END
         FROM (
           SELECT i, org_idx, number, created_at, o.agents, o.customers,
             created_at + interval '2 hours' * exp(bench.rnd(i, 5) * 4.5) AS done_at,
             CASE WHEN created_at > $2::timestamptz - interval '21 days' THEN
               CASE WHEN u < 0.15 THEN 'NEW' WHEN u < 0.45 THEN 'OPEN' WHEN u < 0.62 THEN 'IN_PROGRESS'
                    WHEN u < 0.75 THEN 'WAITING_ON_CUSTOMER' WHEN u < 0.80 THEN 'ON_HOLD'
                    WHEN u < 0.92 THEN 'RESOLVED' ELSE 'CLOSED' END
             ELSE
               CASE WHEN u < 0.005 THEN 'OPEN' WHEN u < 0.010 THEN 'WAITING_ON_CUSTOMER'
                    WHEN u < 0.015 THEN 'ON_HOLD' WHEN u < 0.020 THEN 'IN_PROGRESS'
                    WHEN u < 0.100 THEN 'RESOLVED' ELSE 'CLOSED' END
             END AS status,
             CASE WHEN p < 0.25 THEN 'LOW' WHEN p < 0.70 THEN 'MEDIUM' WHEN p < 0.90 THEN 'HIGH'
                  WHEN p < 0.97 THEN 'URGENT' ELSE 'CRITICAL' END AS priority,
             CASE WHEN c < 0.40 THEN 'web' WHEN c < 0.70 THEN 'email' WHEN c < 0.85 THEN 'portal'
                  WHEN c < 0.95 THEN 'api' ELSE 'chat' END AS channel,
             bench.pick(i, 4, $4) AS text_k
           FROM (
             SELECT i,
               CASE WHEN (i - 1) % 10 < 6 THEN 1 ELSE ((i - 1) % 10)::int - 4 END AS org_idx,
               CASE WHEN (i - 1) % 10 < 6 THEN ((i - 1) / 10) * 6 + (i - 1) % 10 + 1
                    ELSE (i - 1) / 10 + 1 END AS number,
               $1::timestamptz + make_interval(secs => (i - 1 + 0.9 * bench.rnd(i, 1)) / $3 * $5) AS created_at,
               bench.rnd(i, 2) AS u, bench.rnd(i, 3) AS p, bench.rnd(i, 18) AS c
             FROM generate_series(1, $3::bigint) AS i
           ) s JOIN bench.orgs o ON o.idx = s.org_idx
         ) s2`,
        [start, now, n, textCount, spanSeconds],
      );
      await q('ANALYZE bench.t');
    });

    // ── bulk load with the search triggers off and secondary indexes dropped ─────────────
    const bulkTables = ['tickets', 'ticket_responses', 'ticket_activities'];
    const dropped = new Map<string, string[]>();
    await step(
      'disable the search triggers, drop secondary indexes of the bulk tables',
      async () => {
        await q('ALTER TABLE tickets DISABLE TRIGGER tickets_search_vector');
        await q('ALTER TABLE ticket_responses DISABLE TRIGGER ticket_responses_search_vector');
        for (const table of bulkTables)
          dropped.set(table, await dropSecondaryIndexes(client, table));
      },
    );

    const textOf = (alias: string) => `(SELECT instruction FROM bench.texts WHERE k = ${alias})`;
    // A sentence of 5–11 words from the vocabulary, long-tailed, for ticket (or response) `seed`.
    // (The 100 most frequent words, mostly function words, are left to the Bitext sentences.)
    const words = (seed: string) => `(SELECT string_agg(v.word, ' ' ORDER BY g)
        FROM generate_series(1, 5 + (${seed} % 7)::int) AS g
        JOIN bench.vocab v
          ON v.k = 100 + floor(exp(bench.rnd(${seed} * 16 + g, 19) * ln(${vocabCount - 100})))::int)`;
    for (let from = 1; from <= n; from += CHUNK) {
      const to = Math.min(n, from + CHUNK - 1);
      await step(`tickets ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')}`, () =>
        q(
          `INSERT INTO tickets (id, "organizationId", number, subject, description, status, priority,
             "categoryId", tags, channel, "requesterId", "requesterName", "requesterEmail", "assigneeId",
             "firstResponseDueAt", "resolutionDueAt", "firstRespondedAt", "resolvedAt", "closedAt",
             "createdAt", "updatedAt", version)
           SELECT t.id, o.id, t.number,
             left(upper(left(x.instruction, 1)) || substr(x.instruction, 2), 200),
             x.instruction || E'\n\n' ||
               'It is about my ' || b.v || ' ' || it.v ||
               CASE floor(bench.rnd(t.i, 20) * 5)::int
                 WHEN 0 THEN ', order #' WHEN 1 THEN ', order #' WHEN 2 THEN ', invoice '
                 WHEN 3 THEN ', account ID ' ELSE ', bought in ' END ||
               (100000 + bench.pick(t.i, 21, 8999999)) ||
               ', delivered to ' || ci.v || '. ' || ${textOf(`bench.pick(t.i, 22, ${textCount})`)} || E'.\n' ||
               ${words('t.i')} || '.',
             t.status::"TicketStatus", t.priority::"TicketPriority", cat.id,
             ARRAY[replace(x.intent, '_', '-')] ||
               CASE WHEN bench.rnd(t.i, 23) < 0.15 THEN ARRAY[(SELECT v FROM bench.tags WHERE k = bench.pick(t.i, 24, ${TAGS.length}))] ELSE '{}'::text[] END,
             t.channel::"TicketChannel",
             c.id, coalesce(c.name, gf.v || ' ' || gl.v),
             coalesce(c.email, 'guest' || t.i || '@example.com'),
             a.id,
             t.created_at + make_interval(mins => sla."firstResponseMinutes"),
             t.created_at + make_interval(mins => sla."resolutionMinutes"),
             t.first_responded_at, t.resolved_at, t.closed_at, t.created_at, t.updated_at,
             1 + t.responses + CASE WHEN t.status = 'NEW' THEN 0 ELSE 1 END
           FROM bench.t t
           JOIN bench.orgs o ON o.idx = t.org_idx
           JOIN bench.texts x ON x.k = t.text_k
           JOIN bench.brands b ON b.k = bench.pick(t.i, 25, ${BRANDS.length})
           JOIN bench.items it ON it.k = bench.pick(t.i, 26, ${ITEMS.length})
           JOIN bench.cities ci ON ci.k = bench.pick(t.i, 27, ${CITIES.length})
           JOIN bench.first_names gf ON gf.k = bench.pick(t.i, 28, ${FIRST_NAMES.length})
           JOIN bench.last_names gl ON gl.k = bench.pick(t.i, 29, ${LAST_NAMES.length})
           JOIN categories cat ON cat."organizationId" = o.id
             AND cat.name = initcap(replace(x.category, '_', ' '))
           JOIN sla_policies sla ON sla."organizationId" = o.id
             AND sla.conditions->'priorities'->>0 = t.priority
           LEFT JOIN bench.customers c ON c.org_idx = t.org_idx AND c.k = t.requester_k
           LEFT JOIN bench.agents a ON a.org_idx = t.org_idx AND a.k = t.assignee_k
           WHERE t.i BETWEEN $1 AND $2`,
          [from, to],
        ),
      );
    }

    // Responses: odd ones by an agent (the first a public reply; later ones internal notes half
    // of the time), even ones by the requester; spread between creation and the last update.
    for (let from = 1; from <= n; from += CHUNK) {
      const to = Math.min(n, from + CHUNK - 1);
      await step(
        `responses of tickets ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')}`,
        () =>
          q(
            `INSERT INTO ticket_responses (id, "organizationId", "ticketId", content, "isInternal",
             "authorType", "authorId", "authorName", "authorEmail", "createdAt")
           SELECT gen_random_uuid(), o.id, t.id,
             CASE WHEN r.by_agent AND r.internal THEN
                    (SELECT v FROM bench.notes WHERE k = bench.pick(r.seed, 31, ${INTERNAL_NOTES.length})) || ' ' || ${words('r.seed')}
                  WHEN r.by_agent THEN
                    (SELECT response FROM bench.texts WHERE k = CASE WHEN r.j = 1 THEN t.text_k ELSE bench.pick(r.seed, 32, ${textCount}) END)
                  ELSE
                    (SELECT v FROM bench.follow_ups WHERE k = bench.pick(r.seed, 33, ${CUSTOMER_FOLLOW_UPS.length})) || ' ' ||
                    ${textOf(`bench.pick(r.seed, 34, ${textCount})`)}
             END,
             r.by_agent AND r.internal,
             CASE WHEN r.by_agent THEN 'AGENT' ELSE 'CUSTOMER' END::"ResponseAuthorType",
             CASE WHEN r.by_agent THEN coalesce(a.id, fa.id) ELSE c.id END,
             CASE WHEN r.by_agent THEN coalesce(a.name, fa.name) ELSE tk."requesterName" END,
             CASE WHEN r.by_agent THEN NULL ELSE tk."requesterEmail" END,
             CASE WHEN r.j = 1 THEN t.first_responded_at
                  ELSE t.first_responded_at + (t.updated_at - t.first_responded_at) * (r.j - 1) / greatest(t.responses - 1, 1) END
           FROM bench.t t
           JOIN tickets tk ON tk.id = t.id
           JOIN bench.orgs o ON o.idx = t.org_idx
           CROSS JOIN LATERAL (
             SELECT g AS j, t.i * 8 + g AS seed, g % 2 = 1 AS by_agent,
               g > 1 AND bench.rnd(t.i * 8 + g, 30) < 0.5 AS internal
             FROM generate_series(1, t.responses) AS g) r
           LEFT JOIN bench.agents a ON a.org_idx = t.org_idx AND a.k = t.assignee_k
           JOIN bench.agents fa ON fa.org_idx = t.org_idx AND fa.k = 2
           LEFT JOIN bench.customers c ON c.org_idx = t.org_idx AND c.k = t.requester_k
           WHERE t.i BETWEEN $1 AND $2`,
            [from, to],
          ),
      );
    }

    await step('rebuild the responses indexes', () =>
      recreateIndexes(client, dropped.get('ticket_responses')!),
    );
    await step('full-text vectors of every ticket (docket_ticket_search_vector, set-based)', () =>
      q(`UPDATE tickets t SET ("searchVector", "internalSearchVector", "staffSearchVector") = (
           SELECT v.pub, v.int, v.pub || v.int FROM (
             SELECT docket_ticket_search_vector(t.id, t.subject, t.description, t."requesterName", t."requesterEmail") AS pub,
                    docket_ticket_internal_search_vector(t.id) AS int) v)`),
    );
    await step('compact the tickets table (VACUUM FULL)', () => q('VACUUM FULL tickets'));
    await step('rebuild the tickets indexes', () =>
      recreateIndexes(client, dropped.get('tickets')!),
    );
    await step('enable the search triggers', async () => {
      await q('ALTER TABLE tickets ENABLE TRIGGER tickets_search_vector');
      await q('ALTER TABLE ticket_responses ENABLE TRIGGER ticket_responses_search_vector');
    });

    // Activity: CREATED, ASSIGNED (internal), one row per response, and the status change.
    for (let from = 1; from <= n; from += CHUNK) {
      const to = Math.min(n, from + CHUNK - 1);
      await step(
        `activity of tickets ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')}`,
        () =>
          q(
            `INSERT INTO ticket_activities (id, "organizationId", "ticketId", type, "actorType", "actorId",
             "actorName", "isInternal", before, after, reason, "createdAt")
           SELECT gen_random_uuid(), tk."organizationId", tk.id, 'CREATED'::"ActivityType",
             CASE WHEN tk."requesterId" IS NULL THEN 'system' ELSE 'user' END::"ActorType",
             tk."requesterId", CASE WHEN tk."requesterId" IS NULL THEN 'Docket' ELSE tk."requesterName" END,
             false, NULL,
             jsonb_build_object('subject', tk.subject, 'status', 'NEW', 'priority', tk.priority,
               'category', cat.name, 'channel', tk.channel),
             NULL, tk."createdAt"
           FROM bench.t t JOIN tickets tk ON tk.id = t.id
           LEFT JOIN categories cat ON cat.id = tk."categoryId"
           WHERE t.i BETWEEN $1 AND $2
           UNION ALL
           SELECT gen_random_uuid(), tk."organizationId", tk.id, 'ASSIGNED'::"ActivityType", 'user'::"ActorType", fa.id, fa.name,
             true, jsonb_build_object('assignee', NULL),
             jsonb_build_object('assignee', jsonb_build_object('id', a.id, 'name', a.name)),
             NULL, tk."createdAt" + interval '1 minute'
           FROM bench.t t JOIN tickets tk ON tk.id = t.id
           JOIN bench.agents a ON a.org_idx = t.org_idx AND a.k = t.assignee_k
           JOIN bench.agents fa ON fa.org_idx = t.org_idx AND fa.k = 1
           WHERE t.i BETWEEN $1 AND $2
           UNION ALL
           SELECT gen_random_uuid(), r."organizationId", r."ticketId",
             CASE WHEN r."isInternal" THEN 'INTERNAL_NOTE_ADDED' ELSE 'RESPONSE_ADDED' END::"ActivityType",
             CASE WHEN r."authorId" IS NULL THEN 'system' ELSE 'user' END::"ActorType",
             r."authorId", r."authorName", r."isInternal", NULL,
             jsonb_build_object('responseId', r.id), NULL, r."createdAt"
           FROM bench.t t JOIN ticket_responses r ON r."ticketId" = t.id
           WHERE t.i BETWEEN $1 AND $2
           UNION ALL
           SELECT gen_random_uuid(), tk."organizationId", tk.id, 'STATUS_CHANGED'::"ActivityType", 'user'::"ActorType",
             coalesce(tk."assigneeId", fa.id), coalesce(a.name, fa.name), false,
             jsonb_build_object('status', 'NEW'), jsonb_build_object('status', tk.status),
             NULL, tk."updatedAt"
           FROM bench.t t JOIN tickets tk ON tk.id = t.id
           JOIN bench.agents fa ON fa.org_idx = t.org_idx AND fa.k = 2
           LEFT JOIN bench.agents a ON a.org_idx = t.org_idx AND a.k = t.assignee_k
           WHERE t.i BETWEEN $1 AND $2 AND t.status <> 'NEW'`,
            [from, to],
          ),
      );
    }
    await step('rebuild the activity indexes', () =>
      recreateIndexes(client, dropped.get('ticket_activities')!),
    );

    await step('ticket counters: each organization continues after its highest number', () =>
      q(`UPDATE organizations o SET "ticketCounter" = m.max_number, "updatedAt" = now()
         FROM (SELECT "organizationId", max(number) AS max_number FROM tickets GROUP BY 1) m
         WHERE m."organizationId" = o.id`),
    );
    await step('VACUUM ANALYZE', () =>
      q(
        'VACUUM (ANALYZE) organizations, users, categories, sla_policies, tickets, ticket_responses, ticket_activities',
      ),
    );

    // ── what was generated ───────────────────────────────────────────────────────────────
    const meta = await step('count what was generated', async () => {
      const big = (
        await q(`SELECT o.id, o.slug, count(t.*)::int AS tickets,
          count(*) FILTER (WHERE t.status NOT IN ('RESOLVED', 'CLOSED'))::int AS open
        FROM bench.orgs o JOIN bench.t t ON t.org_idx = o.idx WHERE o.idx = 1 GROUP BY o.id, o.slug`)
      ).rows[0];
      const counts = (
        await q(`SELECT
          (SELECT count(*) FROM tickets)::int AS tickets,
          (SELECT count(*) FROM ticket_responses)::int AS responses,
          (SELECT count(*) FROM ticket_responses WHERE "isInternal")::int AS internal,
          (SELECT count(*) FROM ticket_activities)::int AS activities,
          (SELECT count(*) FROM users WHERE role <> 'CUSTOMER')::int AS agents,
          (SELECT count(*) FROM users WHERE role = 'CUSTOMER')::int AS requesters`)
      ).rows[0];
      const matches = async (text: string) =>
        Number(
          (
            await q(
              `SELECT count(*) AS c FROM tickets WHERE "organizationId" = $1
                 AND "searchVector" @@ websearch_to_tsquery('docket_search', $2)`,
              [big.id, text],
            )
          ).rows[0].c,
        );
      const result: DatasetMeta = {
        generatorVersion: GENERATOR_VERSION,
        tickets: counts.tickets,
        responses: counts.responses,
        internalNotes: counts.internal,
        activities: counts.activities,
        organizations: BENCH_ORGANIZATIONS.length,
        agents: counts.agents,
        requesters: counts.requesters,
        generatedAt: now.toISOString(),
        generationSeconds: Math.round((performance.now() - started) / 1000),
        bigOrganization: { id: big.id, slug: big.slug, tickets: big.tickets },
        signIn: { email: BENCH_AGENT_EMAIL, password: BENCH_PASSWORD },
        selectivePhrase: { q: SELECTIVE_PHRASE, matches: await matches(SELECTIVE_PHRASE) },
        commonWord: { q: COMMON_WORD, matches: await matches(COMMON_WORD) },
        openTickets: big.open,
      };
      return result;
    });
    await q('DROP TABLE bench.t');
    await q(`INSERT INTO bench.meta VALUES ('dataset', $1)`, [JSON.stringify(meta)]);
    log(
      `generated ${meta.tickets.toLocaleString('en-US')} tickets, ${meta.responses.toLocaleString('en-US')} responses, ` +
        `${meta.activities.toLocaleString('en-US')} activity rows in ${meta.generationSeconds} s`,
    );
    return meta;
  } finally {
    await client.end();
  }
}

/**
 * Drops the indexes of `table` that back no constraint (primary and unique keys stay, so that the
 * load still checks them) and returns their definitions, to rebuild them after the bulk load.
 */
async function dropSecondaryIndexes(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
     WHERE x.indrelid = $1::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    [table],
  );
  for (const row of rows) await client.query(`DROP INDEX ${pg.escapeIdentifier(row.name)}`);
  return rows.map((r) => r.def);
}

/**
 * Runs the saved CREATE INDEX statements one after the other (PostgreSQL builds B-tree and GIN
 * indexes with parallel workers itself).
 */
async function recreateIndexes(client: pg.Client, definitions: string[]): Promise<void> {
  for (const def of definitions) await client.query(def);
}

async function main(): Promise<void> {
  const { parseBenchArgs } = await import('./args.js');
  const args = parseBenchArgs(process.argv.slice(2));
  const { openBenchDatabase } = await import('./database.js');
  const database = await openBenchDatabase(args.databaseUrl, args.tickets);
  try {
    await generateDataset({ databaseUrl: database.url, tickets: args.tickets });
  } finally {
    await database.stop();
  }
}

const invokedDirectly =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
