import pytest

from tests.cloud import local_cloud

AGENCY = "kelurahan-gambir"  # issues surat-keterangan-domisili


@pytest.fixture
def cloud(tmp_path):
    with local_cloud(tmp_path) as c:
        yield c


@pytest.fixture
def citizen(cloud):
    return cloud.user("3171014101900001", "Siti Aminah", ["citizen"])


@pytest.fixture
def verifier(cloud):
    return cloud.user("verifikator.kelurahan", "Budi Santoso", ["verifier"], AGENCY)
