"""Child process of the datasets benchmark: numpy's np.load on one file, then touching every array (raw), or the
OGBench loader's regular layout written with numpy operations (loader). Prints {seconds, maxRssKb} as JSON."""
import json, resource, sys, time
import numpy as np

mode, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
f = np.load(path)
if mode == 'raw':
    arrays = {k: f[k] for k in f.files}
    checksum = sum(int(a.size) for a in arrays.values())
else:
    obs = f['observations'].astype(np.float32, copy=False)
    act = f['actions'].astype(np.float32, copy=False)
    term = f['terminals'].astype(np.float32)
    keep = term == 0
    follows = np.concatenate([[False], keep[:-1]])
    next_obs = obs[follows]
    obs, act = obs[keep], act[keep]
    new_term = np.concatenate([term[1:], [1.0]])[keep].astype(np.float32)
    checksum = int(obs.shape[0]) + int(next_obs.size)
seconds = time.perf_counter() - start
print(json.dumps({'seconds': seconds, 'maxRssKb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'checksum': checksum}))
