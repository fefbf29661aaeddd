#!/usr/bin/python3
"""PyTorch float32 port of the agent's Q-Flow update (agent/src/algorithms/flow-agent.ts and agent/src/nn):
the CPU anchor that `npm run bench:agent` measures beside ours.

One update, as ours does it: targets y and g from one joint Euler roll-out of the actor and one target-critic
pass; the outer critic ensemble's and the inner (time-conditioned) value ensemble's regressions; the guidance
gradient of the inner value and the guided flow-matching loss of the actor; gradient norms; EMA of the targets;
one Adam step with the bias corrections folded into the step size and epsilon.

Modes (all float32):
  --time   warm up, then update a fixed random batch for --seconds; prints
           {"ms_per_update", "updates", "threads", "preset"}
  --serve  warm up, print {"ready": true, ...}, then for every stdin line {"seconds": s} time updates for s
           seconds and print one JSON line (used to interleave slices with our own measurements)
  --check  read initial tensors, batches and random draws from a JSON file (written by our TypeScript side),
           run one update per step and write each step's metrics and the final tensors as JSON
  --show-config PRESET   print the built-in preset's config (no torch needed)

Thread counts are pinned (torch.set_num_threads, OMP/MKL variables) and idle OpenMP workers sleep
(OMP_WAIT_POLICY=PASSIVE), so the anchor does not steal cycles from the process it alternates with.
"""
import argparse
import json
import math
import os
import sys
import time

OBS_DIM, ACT_DIM = 29, 8

# The agent's presets (agent/src/algorithms/agent-config.ts); the bench passes the agent's own config instead.
PAPER = {
    'lr': 3e-4, 'batchSize': 256, 'actorHiddenDims': [512] * 4, 'valueHiddenDims': [512] * 4,
    'layerNorm': True, 'actorLayerNorm': False, 'discount': 0.99, 'tau': 0.005, 'qAgg': 'mean',
    'guidanceLambda': 1.0, 'flowSteps': 10, 'numEnsembles': 2, 'useTimeEmbed': True, 'timeEmbedDim': 16,
    'maxFreq': 256, 'rewardScale': 1.0, 'innerLossPerMember': False, 'dropTargetInnerCritic': False,
    'emaFromPostUpdate': False,
}
PRESETS = {
    'paper': PAPER,
    'cpu': {**PAPER, 'batchSize': 128, 'actorHiddenDims': [256, 256], 'valueHiddenDims': [256, 256]},
}
ADAM_BETA1, ADAM_BETA2, ADAM_EPS = 0.9, 0.999, 1e-8
LAYER_NORM_EPS = 1e-6
TRAINED = ('actor', 'critic', 'inner')
STREAMS = ('critic/next_noise', 'inner/noise', 'inner/time', 'actor/noise', 'actor/time')


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument('--time', action='store_true', help='time updates on a fixed random batch')
    mode.add_argument('--serve', action='store_true', help='time slices on request (one JSON line each on stdin)')
    mode.add_argument('--check', metavar='IN.json', help='run the updates described in IN.json')
    mode.add_argument('--show-config', metavar='PRESET', choices=sorted(PRESETS), help='print a preset config')
    p.add_argument('--out', metavar='OUT.json', help='--check: where to write the result (default: stdout)')
    p.add_argument('--preset', choices=sorted(PRESETS), default='cpu', help='--time/--serve: preset (default cpu)')
    p.add_argument('--config', metavar='JSON', help='--time/--serve: the agent config as JSON (overrides --preset)')
    p.add_argument('--threads', type=int, default=1, help='intra-op threads (default 1)')
    p.add_argument('--seconds', type=float, default=5.0, help='--time: seconds of timed updates (default 5)')
    p.add_argument('--warmup', type=int, default=3, help='--time/--serve: untimed updates first (default 3)')
    args = p.parse_args(argv)
    if args.threads < 1:
        p.error(f'--threads must be an integer >= 1, got {args.threads}')
    if not args.seconds > 0:
        p.error(f'--seconds must be a positive number, got {args.seconds}')
    return args


def pin_threads(threads):
    """Must run before torch is imported: OpenMP reads these once."""
    for var in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS'):
        os.environ[var] = str(threads)
    os.environ['OMP_WAIT_POLICY'] = 'PASSIVE'


ARGS = parse_args(sys.argv[1:])
if ARGS.show_config:
    print(json.dumps(PRESETS[ARGS.show_config]))
    sys.exit(0)
pin_threads(ARGS.threads)

import torch  # noqa: E402  (after the thread variables)
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(ARGS.threads)
torch.set_num_interop_threads(1)


def check_config(c):
    """Refuses options this port does not implement, naming them."""
    if c['qAgg'] not in ('mean', 'min'):
        raise ValueError(f"qAgg = {c['qAgg']!r}; expected 'mean' or 'min'")
    if c['numEnsembles'] < 2:
        raise ValueError(f"numEnsembles = {c['numEnsembles']}; expected >= 2")
    if c['useTimeEmbed'] and (c['timeEmbedDim'] < 2 or c['timeEmbedDim'] % 2):
        raise ValueError(f"timeEmbedDim = {c['timeEmbedDim']}; expected an even integer >= 2")


# ---- networks -------------------------------------------------------------------------------------------------

class Mlp:
    """Dense → tanh-GELU (→ LayerNorm) per hidden layer, then Dense (agent/src/nn/mlp.ts). With `members`, an
    ensemble of that many MLPs stored stacked ([E, in, out] kernels) and evaluated with batched products;
    its output is [E, B] (agent/src/nn/mlp-ensemble.ts)."""

    def __init__(self, widths, layer_norm, members=None):
        self.widths = widths
        self.layer_norm = layer_norm
        self.members = members
        lead = () if members is None else (members,)
        bias_lead = () if members is None else (members, 1)
        self.layers = []
        for i in range(len(widths) - 1):
            fan_in, fan_out = widths[i], widths[i + 1]
            limit = math.sqrt(6 / (fan_in + fan_out))
            layer = {'w': torch.empty(*lead, fan_in, fan_out).uniform_(-limit, limit),
                     'b': torch.zeros(*bias_lead, fan_out)}
            if layer_norm and i + 2 < len(widths):
                layer['ln_scale'] = torch.ones(*bias_lead, fan_out)
                layer['ln_bias'] = torch.zeros(*bias_lead, fan_out)
            self.layers.append(layer)

    def params(self):
        return [t for layer in self.layers for t in layer.values()]

    def requires_grad_(self):
        for t in self.params():
            t.requires_grad_(True)
        return self

    def __call__(self, x):
        h = x
        last = len(self.layers) - 1
        for i, layer in enumerate(self.layers):
            if self.members is None:
                h = torch.addmm(layer['b'], h, layer['w'])
            else:
                if h.dim() == 2:
                    h = h.expand(self.members, *h.shape)
                h = torch.baddbmm(layer['b'], h, layer['w'])
            if i < last:
                h = F.gelu(h, approximate='tanh')
                if 'ln_scale' in layer:
                    h = F.layer_norm(h, h.shape[-1:], eps=LAYER_NORM_EPS) * layer['ln_scale'] + layer['ln_bias']
        return h if self.members is None else h.squeeze(-1)

    # Our parameter names: <prefix>[/e<k>]/l<i>/{w,b,ln_scale,ln_bias}, biases and LayerNorm vectors 1-D.
    def named(self, prefix):
        for i, layer in enumerate(self.layers):
            for key, t in layer.items():
                if self.members is None:
                    yield f'{prefix}/l{i}/{key}', t, None
                else:
                    for e in range(self.members):
                        yield f'{prefix}/e{e}/l{i}/{key}', t, e


def mlp_spec(c, net):
    obs_act = OBS_DIM + ACT_DIM
    time_dim = c['timeEmbedDim'] if c['useTimeEmbed'] else 1
    value = c['valueHiddenDims']
    return {
        'actor': ([obs_act + 1, *c['actorHiddenDims'], ACT_DIM], c['actorLayerNorm'], None),
        'critic': ([obs_act, *value, 1], c['layerNorm'], c['numEnsembles']),
        'inner': ([obs_act + time_dim, *value, 1], c['layerNorm'], c['numEnsembles']),
    }[net.replace('target_', '')]


class QFlow:
    """The networks, targets and Adam state of a Q-Flow agent, and its update."""

    def __init__(self, config):
        check_config(config)
        self.c = config
        names = ['actor', 'critic', 'target_critic', 'inner']
        if not config['dropTargetInnerCritic']:
            names.append('target_inner')
        self.nets = {n: Mlp(*mlp_spec(config, n)) for n in names}
        for n in names:
            if n.startswith('target_'):
                with torch.no_grad():
                    for t, s in zip(self.nets[n].params(), self.nets[n[len('target_'):]].params()):
                        t.copy_(s)
        for n in TRAINED:
            self.nets[n].requires_grad_()
        self.trained = [t for n in TRAINED for t in self.nets[n].params()]
        self.m = [torch.zeros_like(t) for t in self.trained]
        self.v = [torch.zeros_like(t) for t in self.trained]
        self.count = 0
        k = config['timeEmbedDim'] // 2
        # Computed in float64 as our fourierFrequencies does, then stored as float32.
        freqs = [1.0] if k == 1 else [math.exp(math.log(config['maxFreq']) * i / (k - 1)) for i in range(k)]
        self.freqs = torch.tensor([freqs], dtype=torch.float32)

    # ---- pieces of the update -------------------------------------------------------------------------------

    def time_features(self, t):
        if not self.c['useTimeEmbed']:
            return t
        angles = t * self.freqs
        return torch.cat([torch.sin(angles), torch.cos(angles)], 1)

    def velocity(self, obs, x, t):
        return self.nets['actor'](torch.cat([obs, x, t], 1))

    def aggregate(self, values):
        return values.mean(0) if self.c['qAgg'] == 'mean' else values.min(0).values

    def targets(self, b, d):
        """y = r·scale + γ·m·Agg Q̄(s′, a′) and g = Agg Q̄(s, clip(Ψ(x_τ, τ → 1))): one joint roll-out."""
        steps = self.c['flowSteps']
        n = b['obs'].shape[0]
        x_tau = (1 - d['inner/time']) * d['inner/noise'] + d['inner/time'] * b['actions']
        obs = torch.cat([b['next_obs'], b['obs']], 0)
        td_step = torch.full((n, 1), 1 / steps)
        x = torch.cat([d['critic/next_noise'], x_tau], 0)
        u = d['inner/time']
        for i in range(steps):
            h = torch.clamp(1 - u, 0, 1 / steps)
            times = torch.cat([torch.full((n, 1), i / steps), u], 0)
            x = x + self.velocity(obs, x, times) * torch.cat([td_step, h], 0)
            u = u + h
        actions = torch.clamp(x, -1, 1)  # both halves: TD actions and the inner end points are clipped
        values = self.aggregate(self.nets['target_critic'](torch.cat([obs, actions], 1)))
        y = b['rewards'] * self.c['rewardScale'] + b['masks'] * self.c['discount'] * values[:n]
        return y, values[n:], x_tau

    def guidance(self, obs, xt, t_features):
        """G = ∇_x Σ_b mean_e V^e(s, x, f(t)) at x_t (inner weights held fixed)."""
        x = xt.detach().requires_grad_(True)
        value_sum = self.nets['inner'](torch.cat([obs, x, t_features], 1)).mean(0).sum()
        return torch.autograd.grad(value_sum, x)[0]

    def losses(self, b, d):
        s = {}
        with torch.no_grad():
            y, g, x_tau = self.targets(b, d)
        q = self.nets['critic'](torch.cat([b['obs'], b['actions']], 1))
        s['critic_loss'] = torch.mean(torch.square(q - y))
        s['q_mean'], s['target_q_mean'] = q.mean(), y.mean()

        tau_features = self.time_features(d['inner/time'])
        v = self.nets['inner'](torch.cat([b['obs'], x_tau, tau_features], 1))
        pred = v if self.c['innerLossPerMember'] else self.aggregate(v)
        s['inner_loss'] = torch.mean(torch.square(pred - g))
        s['v_mean'], s['inner_target_mean'] = v.mean(), g.mean()

        t, x0 = d['actor/time'], d['actor/noise']
        xt = (1 - t) * x0 + t * b['actions']
        ut = b['actions'] - x0
        guidance = self.guidance(b['obs'], xt, self.time_features(t))
        target = ut + guidance * (1 / (self.c['guidanceLambda'] + 1e-8))
        velocity = self.velocity(b['obs'], xt, t)
        s['actor_loss'] = torch.mean(torch.square(velocity - target))
        s['bc_loss'] = torch.mean(torch.square(velocity.detach() - ut))  # a metric: the unguided flow-matching loss
        s['guidance_norm'] = torch.sqrt(torch.square(guidance).sum(1)).mean()
        return s

    def gradient_norms(self, grads, s):
        norms, i = [], 0
        for n in TRAINED:
            k = len(self.nets[n].params())
            norm = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(g) for g in grads[i:i + k]]))
            s[f'grad_norm/{n}'] = norm
            norms.append(norm)
            i += k
        s['grad_norm'] = torch.linalg.vector_norm(torch.stack(norms))

    @torch.no_grad()
    def move_targets(self):
        tau = self.c['tau']
        for n in ('critic', 'inner'):
            if f'target_{n}' not in self.nets:
                continue
            for target, source in zip(self.nets[f'target_{n}'].params(), self.nets[n].params()):
                target.lerp_(source, tau)  # target + τ·(source − target) = τ·source + (1 − τ)·target

    @torch.no_grad()
    def adam_step(self, grads):
        """m ← m + (g − m)(1 − β1); v ← v + (g² − v)(1 − β2); p ← p − (lr·√c2/c1) · m/(√v + ε·√c2): our Adam
        (optax's bias corrections, folded into the step size and ε), in fused in-place ops as torch.optim.Adam
        writes it. Temporaries the size of the parameters would cost far more than the arithmetic here."""
        self.count += 1
        c1 = 1 - ADAM_BETA1 ** self.count
        c2 = 1 - ADAM_BETA2 ** self.count
        step_size = self.c['lr'] * math.sqrt(c2) / c1
        eps_hat = ADAM_EPS * math.sqrt(c2)
        for p, g, m, v in zip(self.trained, grads, self.m, self.v):
            m.lerp_(g, 1 - ADAM_BETA1)
            v.mul_(ADAM_BETA2).addcmul_(g, g, value=1 - ADAM_BETA2)
            p.addcdiv_(m, torch.sqrt(v).add_(eps_hat), value=-step_size)

    def update(self, batch, draws):
        """One update; returns its metrics as floats."""
        s = self.losses(batch, draws)
        total = s['critic_loss'] + s['inner_loss'] + s['actor_loss']  # disjoint parameters: one backward pass
        grads = list(torch.autograd.grad(total, self.trained))
        self.gradient_norms(grads, s)
        if not self.c['emaFromPostUpdate']:
            self.move_targets()
        self.adam_step(grads)
        if self.c['emaFromPostUpdate']:
            self.move_targets()
        values = torch.stack([t.detach().reshape(()) for t in s.values()]).tolist()
        return dict(zip(s.keys(), values))

    # ---- our state format (AgentState.tensors) ---------------------------------------------------------------

    def named_tensors(self):
        """(our name, stacked tensor, member index or None) for parameters and Adam moments."""
        moment = {id(t): i for i, t in enumerate(self.trained)}
        for n, net in self.nets.items():
            for name, t, e in net.named(n):
                yield f'param/{name}', t, e
                if id(t) in moment:
                    yield f'adam/m/{name}', self.m[moment[id(t)]], e
                    yield f'adam/v/{name}', self.v[moment[id(t)]], e

    @torch.no_grad()
    def load(self, tensors):
        for name, t, e in self.named_tensors():
            if name not in tensors:
                raise ValueError(f"input is missing tensor '{name}'")
            dest = t if e is None else t[e]
            src = torch.tensor(tensors[name]['data'], dtype=torch.float32)
            if src.numel() != dest.numel():
                raise ValueError(f"tensor '{name}' has {src.numel()} values; expected {dest.numel()}")
            dest.copy_(src.reshape(dest.shape))
        high, low = tensors['adam/count']['data']
        self.count = int(high) * 65536 + int(low)

    def dump(self):
        out = {}
        for name, t, e in self.named_tensors():
            value = (t if e is None else t[e]).detach()
            shape = list(value.shape)
            if e is not None and name.endswith(('/b', '/ln_scale', '/ln_bias')):
                shape = shape[-1:]  # stored [1, out] per member, ours is [out]
            out[name] = {'shape': shape, 'data': value.reshape(-1).tolist()}
        out['adam/count'] = {'shape': [2], 'data': [self.count // 65536, self.count % 65536]}
        return out


# ---- inputs -----------------------------------------------------------------------------------------------------

def batch_tensors(batch):
    n = batch['size']
    f = lambda key, cols: torch.tensor(batch[key], dtype=torch.float32).reshape(n, cols)  # noqa: E731
    return {'obs': f('observations', OBS_DIM), 'actions': f('actions', ACT_DIM),
            'rewards': f('rewards', 1).reshape(n), 'masks': f('masks', 1).reshape(n),
            'next_obs': f('nextObservations', OBS_DIM)}


def draw_tensors(draws, n):
    out = {}
    for stream in STREAMS:
        if stream not in draws:
            raise ValueError(f"input is missing the random draws of stream '{stream}'")
        cols = 1 if stream.endswith('/time') else ACT_DIM
        out[stream] = torch.tensor(draws[stream], dtype=torch.float32).reshape(n, cols)
    return out


def random_batch(n):
    g = torch.Generator().manual_seed(12345)
    u = lambda *shape: torch.rand(*shape, generator=g) * 2 - 1  # noqa: E731
    return {'obs': u(n, OBS_DIM), 'actions': u(n, ACT_DIM), 'rewards': u(n), 'masks': torch.ones(n),
            'next_obs': u(n, OBS_DIM)}


def fresh_draws(n):
    """The update's random inputs, drawn inside the timed loop as ours draws them inside its update."""
    return {'critic/next_noise': torch.randn(n, ACT_DIM), 'inner/noise': torch.randn(n, ACT_DIM),
            'inner/time': torch.rand(n, 1), 'actor/noise': torch.randn(n, ACT_DIM), 'actor/time': torch.rand(n, 1)}


# ---- modes ------------------------------------------------------------------------------------------------------

def run_check(path, out_path):
    with open(path) as f:
        spec = json.load(f)
    if (spec['obsDim'], spec['actDim']) != (OBS_DIM, ACT_DIM):
        raise ValueError(f"obsDim/actDim = {spec['obsDim']}/{spec['actDim']}; this port is built for {OBS_DIM}/{ACT_DIM}")
    agent = QFlow(spec['config'])
    agent.load(spec['tensors'])
    metrics = []
    for step in spec['steps']:
        n = step['batch']['size']
        metrics.append(agent.update(batch_tensors(step['batch']), draw_tensors(step['draws'], n)))
    result = json.dumps({'steps': metrics, 'tensors': agent.dump()})
    if out_path:
        with open(out_path, 'w') as f:
            f.write(result)
    else:
        print(result)


class Timer:
    def __init__(self, config, label, warmup):
        torch.manual_seed(0)
        self.agent = QFlow(config)
        self.n = config['batchSize']
        self.batch = random_batch(self.n)
        self.label = label
        for _ in range(warmup):
            self.agent.update(self.batch, fresh_draws(self.n))

    def slice(self, seconds):
        start = time.perf_counter()
        updates = 0
        while updates < 1 or time.perf_counter() - start < seconds:
            self.agent.update(self.batch, fresh_draws(self.n))
            updates += 1
        elapsed = time.perf_counter() - start
        return {'ms_per_update': 1000 * elapsed / updates, 'updates': updates, 'threads': ARGS.threads,
                'preset': self.label}


def emit(obj):
    sys.stdout.write(json.dumps(obj) + '\n')
    sys.stdout.flush()


def main():
    if ARGS.check:
        torch.manual_seed(0)
        run_check(ARGS.check, ARGS.out)
        return
    config = {**PRESETS[ARGS.preset], **json.loads(ARGS.config)} if ARGS.config else PRESETS[ARGS.preset]
    timer = Timer(config, config.get('preset', ARGS.preset), ARGS.warmup)
    if ARGS.time:
        emit(timer.slice(ARGS.seconds))
        return
    emit({'ready': True, 'threads': torch.get_num_threads(), 'preset': timer.label, 'torch': torch.__version__})
    for line in sys.stdin:
        if line.strip():
            emit(timer.slice(float(json.loads(line)['seconds'])))


if __name__ == '__main__':
    try:
        main()
    except (ValueError, KeyError, OSError, json.JSONDecodeError) as err:
        sys.stderr.write(f'qflow_update.py: {type(err).__name__}: {err}\n')
        sys.exit(2)
