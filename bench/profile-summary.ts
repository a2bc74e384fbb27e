/**
 * Summarises a V8 CPU profile written by `pnpm bench --cpu-prof` (.data/bench/profiles/*.cpuprofile):
 * the functions with the most self time, and the share of time per package (node_modules/<name>),
 * so that a hot path's cost can be traced to Docket's code, the ORM, validation or serialization.
 *
 *   pnpm --filter @docket/bench profile .data/bench/profiles/CPU.….cpuprofile [--top 30]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives: a package name, Docket's own file, or Node's internals. */
export function ownerOf(url: string): string {
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? url;
  if (url.includes('/server/dist/')) return `docket:${url.split('/server/dist/')[1]}`;
  if (url === '') return '(native/gc/idle)';
  return url.startsWith('node:') ? 'node' : url;
}

function main(): void {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: { top: { type: 'string', default: '30' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [--top N]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  // Percentages are of the busy time: idle (waiting for the database or the network) left out.
  const idle = new Set(
    profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
  );
  const sampled = [...self.values()].reduce((a, b) => a + b, 0);
  for (const id of idle) self.delete(id);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const functions = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const name = `${frame.functionName || '(anonymous)'} ${ownerOf(frame.url)}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
    const owner = ownerOf(frame.url);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  console.log(
    `${(sampled / 1e6).toFixed(1)} s sampled, ${(total / 1e6).toFixed(1)} s busy (percentages below)\n\nby owner:`,
  );
  for (const [owner, us] of [...owners].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${pct(us)}  ${owner}`);
  }
  console.log('\nby function (self time):');
  for (const [name, us] of [...functions]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.top))) {
    console.log(`  ${pct(us)}  ${name}`);
  }
}

main();
