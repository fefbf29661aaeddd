// Finds the citations in the repository's text files that a reader could not follow: references to the design
// specs that are not in the repository, numbered sections ("§") of any document, and `docs/FILE.md#anchor`
// citations (or links between docs pages) whose file or heading does not exist.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders that hold installed, built or run-time output, not the repository's own text. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', '.qflow-cache']);
/** Output folders at the repository root (a source folder of the same name, e.g. agent/src/reports, is read). */
const SKIPPED_PATHS = new Set(['bench/results', 'reports', 'runs']);
/** This checker and its test, which hold deliberately broken citations as examples. */
const EXAMPLE_FILES = new Set(['proto/test/support/doc-citations.ts', 'proto/test/doc-citations.test.ts']);
const TEXT_FILE = /\.(ts|js|mjs|cjs|md|proto|py|sh|ya?ml|json)$|^Makefile$/;

/** Patterns of a citation to something outside the repository (written so this file does not match itself). */
const OUTSIDE_CITATIONS: { pattern: RegExp; why: string }[] = [
  { pattern: /spec\s*\u00a7/i, why: 'cites a spec section that is not in the repository' },
  { pattern: /\.\.\/shared\b/, why: 'cites the shared design folder, which is not in the repository' },
  { pattern: /\bspecs\/[\w-]+\.md/, why: 'cites a spec file that is not in the repository' },
  { pattern: /\u00a7/, why: 'cites a numbered section; cite a docs/FILE.md#anchor instead' },
];

/** `docs/FILE.md` or `docs/FILE.md#anchor` anywhere in a file. */
const DOCS_CITATION = /\bdocs\/([\w.-]+\.md)(?:#([\w-]+))?/g;
/** A Markdown link target inside a docs page: `FILE.md`, `FILE.md#anchor` or `#anchor`. */
const MARKDOWN_LINK = /\]\((?!https?:)([\w.-]*\.md)?(?:#([\w-]+))?\)/g;

export interface Problem { file: string; line: number; text: string; why: string }

/** Every text file below `root`, as paths relative to it with forward slashes. */
export function repositoryTextFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(root, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !SKIPPED_PATHS.has(rel)) walk(path);
      } else if (entry.isFile() && TEXT_FILE.test(entry.name) && entry.name !== 'package-lock.json' && !EXAMPLE_FILES.has(rel)) {
        found.push(rel);
      }
    }
  };
  walk(root);
  return found.sort();
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings (outside code fences), with GitHub's -1, -2 … for repeats. */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = !inFence && /^#{1,6}\s+(.*)$/.exec(line);
    if (!heading) continue;
    const base = headingAnchor(heading[1]!);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Problems in one file's text; `anchorsOf(docsPath)` gives a docs page's anchors, or undefined if it is missing. */
export function citationProblems(file: string, text: string, anchorsOf: (docsPath: string) => Set<string> | undefined): Problem[] {
  const problems: Problem[] = [];
  const inDocs = file.startsWith('docs/');
  text.split('\n').forEach((lineText, index) => {
    const add = (why: string) => problems.push({ file, line: index + 1, text: lineText.trim(), why });
    for (const { pattern, why } of OUTSIDE_CITATIONS) {
      if (pattern.test(lineText)) {
        add(why);
        break;
      }
    }
    const targets: [string, string | undefined][] = [];
    for (const m of lineText.matchAll(DOCS_CITATION)) targets.push([`docs/${m[1]}`, m[2]]);
    if (inDocs) {
      for (const m of lineText.matchAll(MARKDOWN_LINK)) {
        targets.push([m[1] ? posix.join(posix.dirname(file), m[1]) : file, m[2]]);
      }
    }
    for (const [target, anchor] of targets) {
      const anchors = anchorsOf(target);
      if (!anchors) add(`cites ${target}, which does not exist`);
      else if (anchor !== undefined && !anchors.has(anchor)) add(`cites ${target}#${anchor}: no such heading`);
    }
  });
  return problems;
}

/** Every unfollowable citation in the repository at `root`. */
export function repositoryCitationProblems(root: string): Problem[] {
  const cache = new Map<string, Set<string> | undefined>();
  const anchorsOf = (docsPath: string) => {
    if (!cache.has(docsPath)) {
      const path = join(root, docsPath);
      cache.set(docsPath, existsSync(path) ? markdownAnchors(readFileSync(path, 'utf8')) : undefined);
    }
    return cache.get(docsPath);
  };
  return repositoryTextFiles(root).flatMap((file) => citationProblems(file, readFileSync(join(root, file), 'utf8'), anchorsOf));
}

/** The repository, seen from this file compiled to proto/dist/test/support/. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
