"""The committed stubs are what grpc_tools.protoc makes of proto/qflow/v1 today."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tools"))

import generate_stubs  # noqa: E402


def test_committed_stubs_match_the_protos():
    generated = generate_stubs.generated_stubs()
    committed = generate_stubs.committed_stubs()
    assert sorted(committed) == sorted(generated), "stub files differ; run /usr/bin/python3 clients/python/tools/generate_stubs.py"
    stale = [path for path in generated if generated[path] != committed[path]]
    assert not stale, f"stale stubs {stale}; run /usr/bin/python3 clients/python/tools/generate_stubs.py"
