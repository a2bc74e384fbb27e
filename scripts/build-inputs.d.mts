// Types of build-inputs.mjs, for the TypeScript tests that import it.

/** A workspace package as `pnpm start` builds it (paths relative to the repository root). */
export interface BuildPackage {
  name: string;
  inputs: string[];
  importClosureOf: string[];
  outputs: string[];
}

/** What a successful build recorded. */
export interface BuildStamp {
  hash: string;
  outputs: Record<string, number | null>;
  builtAt: string;
}

export const PACKAGES: BuildPackage[];
export function listFiles(root: string, rel: string): string[];
export function relativeImports(source: string): string[];
export function importClosure(root: string, entries: string[]): string[];
export function inputFiles(root: string, pkg: BuildPackage): string[];
export function inputsHash(root: string, pkg: BuildPackage): string;
export function outputTimes(root: string, pkg: BuildPackage): Record<string, number | null>;
export function rebuildReason(
  stamp: BuildStamp | undefined,
  hash: string,
  outputs: Record<string, number | null>,
): string | null;
export function stampPath(root: string, pkg: BuildPackage): string;
export function readStamp(root: string, pkg: BuildPackage): BuildStamp | undefined;
export function writeStamp(root: string, pkg: BuildPackage, hash: string): void;
export function pnpmBuild(root: string, pkg: BuildPackage): number;
export function buildIfChanged(options: {
  root: string;
  packages?: BuildPackage[];
  build?: (root: string, pkg: BuildPackage) => number;
  log?: (line: string) => void;
}): number;
