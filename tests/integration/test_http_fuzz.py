"""Property-based fuzzing of the whole HTTP layer (bench/fuzz.py): every route with odd parameters, unknown paths,
every method, garbage headers and odd JSON bodies, against the in-process app on moto. No answer is a server
error; every error is in PISAO's shape, SNAP's on the SNAP routes. A fixed seed and budget here (PISAO_FUZZ_EXAMPLES
raises it); `python -m bench.fuzz` searches further."""

import os

import pytest
from hypothesis import HealthCheck, given, seed, settings

from bench.fuzz import Case, Tally, cases, prepare, run_case

EXAMPLES = int(os.environ.get("PISAO_FUZZ_EXAMPLES", "800"))


@pytest.fixture(scope="module")
def fuzz_cloud(tmp_path_factory):
    from tests.cloud import local_cloud

    with local_cloud(tmp_path_factory.mktemp("fuzz")) as cloud:
        yield cloud, *prepare(cloud)


def test_no_request_gets_a_server_error_or_an_error_out_of_shape(fuzz_cloud):
    cloud, tokens, ids = fuzz_cloud
    tally = Tally()

    @seed(20261203)
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(cases(tokens, ids))
    def explore(case: Case) -> None:
        problem = run_case(cloud, case, tally)
        assert problem is None, f"{case.method} {case.path!r} {case.headers} {case.body[:200]!r}: {problem}"

    explore()
    print(tally.summary())
    assert tally.tried >= EXAMPLES // 2 and not tally.failures
