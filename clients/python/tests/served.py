"""Starts `qflow serve` (the built CLI, bin/qflow.js) as a child process on a free loopback port."""
import os
import pathlib
import re
import shutil
import subprocess
import threading

REPO_ROOT = pathlib.Path(__file__).resolve().parents[3]
QFLOW = REPO_ROOT / "bin" / "qflow.js"


def node_executable() -> str:
    node = os.environ.get("QFLOW_NODE") or shutil.which("node")
    if not node:
        raise RuntimeError("node not found: set QFLOW_NODE or put node on PATH")
    return node


def run_node(script, *args, timeout=120) -> str:
    """Runs a Node script from the repository (so that @qflow/* resolve) and returns its stdout."""
    result = subprocess.run([node_executable(), str(script), *map(str, args)], cwd=REPO_ROOT, capture_output=True,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{script} failed ({result.returncode}): {result.stderr}")
    return result.stdout


class ServedProcess:
    def __init__(self, *args, env=None):
        self.child = subprocess.Popen(
            [node_executable(), str(QFLOW), "serve", "--port", "0", *map(str, args)], cwd=REPO_ROOT,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
        line = self.child.stdout.readline()
        match = re.search(r"listening on (\S+)", line)
        if not match:
            self.child.kill()
            raise RuntimeError(f"qflow serve did not start: {line}{self.child.stderr.read()}")
        self.address = match.group(1)
        # Keep draining the pipes so that the server never blocks on a full one.
        for pipe in (self.child.stdout, self.child.stderr):
            threading.Thread(target=pipe.read, daemon=True).start()

    def stop(self) -> None:
        if self.child.poll() is None:
            self.child.terminate()
            try:
                self.child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.child.kill()
                self.child.wait()


def generate_dataset(name: str, out_dir, episodes: int, episode_length: int, seed: int) -> None:
    subprocess.run([node_executable(), str(QFLOW), "datasets", "generate", name, "--episodes", str(episodes),
                    "--episode-length", str(episode_length), "--seed", str(seed), "--workers", "1", "--out", str(out_dir)],
                   cwd=REPO_ROOT, check=True, capture_output=True, timeout=300)
