// Every citation in the repository can be followed from the repository alone: no reference to the design specs
// or to numbered sections, and every docs/FILE.md#anchor names an existing page and heading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { citationProblems, headingAnchor, markdownAnchors, REPOSITORY_ROOT, repositoryCitationProblems, repositoryTextFiles } from './support/doc-citations.js';

const PAGE = '# Environments\n\n## Cube success\n\n```\n## not a heading\n```\n\n## Maze reset\n\n## Maze reset\n';
const pages = (docsPath: string) => (docsPath === 'docs/environments.md' ? markdownAnchors(PAGE) : undefined);
const whys = (file: string, text: string) => citationProblems(file, text, pages).map((p) => p.why);

test('heading anchors follow GitHub: lower case, punctuation dropped, spaces to hyphens, repeats numbered', () => {
  assert.equal(headingAnchor('Ant observation and reset'), 'ant-observation-and-reset');
  assert.equal(headingAnchor('UR5e arm'), 'ur5e-arm');
  assert.equal(headingAnchor('2D toy study (paper §7)'), '2d-toy-study-paper-7');
  assert.deepEqual([...markdownAnchors(PAGE)], ['environments', 'cube-success', 'maze-reset', 'maze-reset-1']);
});

test('a citation of a spec section, of the shared design folder, of a spec file or of a numbered section is reported', () => {
  const outside = ['// reset (spec \u00a71.4)', '// see \u002e\u002e/shared/design.md', '`specs/ogbench-environments.md`', '// the loss (\u00a72.3)'];
  for (const line of outside) assert.equal(whys('a.ts', line).length, 1, line);
});

test('a docs citation naming a missing page or heading is reported; existing ones are not', () => {
  assert.deepEqual(whys('a.ts', '// docs/environments.md#cube-success and docs/environments.md#maze-reset-1'), []);
  assert.deepEqual(whys('a.ts', '// docs/environments.md#cube-succes'), ['cites docs/environments.md#cube-succes: no such heading']);
  assert.deepEqual(whys('a.ts', '// docs/physics.md#cube-success'), ['cites docs/physics.md, which does not exist']);
  assert.deepEqual(whys('a.ts', '// docs/environments.md#not-a-heading'), ['cites docs/environments.md#not-a-heading: no such heading']);
});

test('links between docs pages are checked, in-page anchors included', () => {
  assert.deepEqual(whys('docs/environments.md', 'see [the reset](#maze-reset) and [here](environments.md#cube-success)'), []);
  assert.deepEqual(whys('docs/environments.md', 'see [the reset](#maze-rest)'), ['cites docs/environments.md#maze-rest: no such heading']);
  assert.deepEqual(whys('docs/algorithm.md', 'see [x](datasets.md#file-format)'), ['cites docs/datasets.md, which does not exist']);
});

test('the repository: sources, tests, READMEs and docs pages cite only docs/ sections that exist', () => {
  const files = repositoryTextFiles(REPOSITORY_ROOT);
  for (const expected of ['README.md', 'docs/architecture.md', 'env-server/README.md', 'agent/src/algorithms/critic-losses.ts']) {
    assert.ok(files.includes(expected), `${expected} is not scanned`);
  }
  const problems = repositoryCitationProblems(REPOSITORY_ROOT);
  assert.deepEqual(problems.map((p) => `${p.file}:${p.line}: ${p.why}: ${p.text}`), []);
});
