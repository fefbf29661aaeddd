"""The protocol's promises checked from Python against `qflow serve`, as the TypeScript suite checks them."""
from conftest import ENV_ID
from qflow_client.conformance import CHECKS, run_conformance


def test_qflow_serve_keeps_every_promise_checked_from_python(address):
    results = run_conformance(address, ENV_ID)
    assert [name for name, _, _ in results] == [name for name, _ in CHECKS]
    failed = [f"{name}: {message}" for name, passed, message in results if not passed]
    assert not failed, "\n".join(failed)
    assert len(results) >= 20


def test_a_broken_promise_is_reported_by_name(address, monkeypatch):
    """A client that believes NaN actions are fine is told which promise the server keeps against it."""
    import qflow_client.conformance as conformance
    monkeypatch.setattr(conformance, "_with_value", lambda ctx, value: ctx.actions(2, 3))
    results = {name: (passed, message) for name, passed, message in run_conformance(address, ENV_ID, only="step/action-")}
    assert results["step/action-nan"][0] is False and "expected InvalidArgumentError" in results["step/action-nan"][1]
    assert results["step/action-rows"][0] is True
