// The MJCF element tree: attribute formatting, escaping, omission of undefined values, and that its output compiles.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { body, el, geom, joint, MjcfElement } from '../src/physics/mjcf.js';
import { loadMujoco } from '../src/physics/mujoco-loader.js';
import { CompiledModel } from '../src/physics/compiled-model.js';

describe('MJCF builder', () => {
  test('writes numbers in shortest round-trip form, lists space-separated, booleans as true/false', () => {
    const xml = geom({ name: 'g', size: [0.1, 2, 1e-7], pos: [0, -0.5, 1 / 3], contype: 1 }).toXml();
    assert.equal(xml, '<geom name="g" size="0.1 2 1e-7" pos="0 -0.5 0.3333333333333333" contype="1"/>');
    assert.equal(joint({ limited: false }).toXml(), '<joint limited="false"/>');
  });

  test('omits undefined attributes, escapes XML characters, nests children with indentation', () => {
    const tree = el('mujoco', { model: 'a<b>&"c"' }, body({ name: 'b', pos: undefined }, geom({ size: [1] })));
    assert.equal(tree.toXml(), '<mujoco model="a&lt;b&gt;&amp;&quot;c&quot;">\n  <body name="b">\n    <geom size="1"/>\n  </body>\n</mujoco>');
  });

  test('rejects non-finite numbers', () => {
    assert.throws(() => geom({ size: [NaN] }).toXml(), /non-finite number: NaN/);
  });

  test('find() locates a descendant by tag and name; add() appends', () => {
    const root = new MjcfElement('worldbody').add(body({ name: 'x' }, body({ name: 'y' })));
    assert.equal(root.find('body', 'y')?.attributes['name'], 'y');
    assert.equal(root.find('body', 'z'), undefined);
  });

  test('the output compiles in MuJoCo and means what it says', async () => {
    const mujoco = await loadMujoco();
    const xml = el(
      'mujoco',
      {},
      el('worldbody', {}, body({ name: 'ball', pos: [0, 0, 1] }, joint({ type: 'free' }), geom({ type: 'sphere', size: [0.1], mass: 2 }))),
    ).toXml();
    const model = new CompiledModel(mujoco, xml);
    try {
      assert.equal(model.nq, 7);
      assert.equal(model.model.body_mass[1], 2);
      assert.equal(model.qpos[2], 1);
    } finally {
      model.dispose();
    }
  });
});
