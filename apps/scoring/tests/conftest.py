import numpy as np
import pytest

from apps.indicators.models import Indicator
from apps.ingest.services import dataset_process, dataset_upload
from apps.ingest.tests.conftest import make_csv
from apps.regions.models import Region
from apps.scoring.domain.model import required_codes
from apps.scoring.services import default_model_ensure


def province_table(year: int, seed: int = 0, boost: dict | None = None) -> list[list]:
    """Synthetic but plausible values for every indicator of the default model, for the 31 mainland provinces.
    `boost` multiplies a region's values (code → factor)."""
    rng = np.random.default_rng(seed)
    model = default_model_ensure()
    codes = list(
        Region.objects.filter(level="province")
        .exclude(code__in=["710000", "810000", "820000"])
        .order_by("code")
        .values_list("code", flat=True)
    )
    units = dict(Indicator.objects.values_list("code", "unit"))
    rows = [["region_code", "indicator", "year", "value", "unit"]]
    for indicator in required_codes(model.spec):
        base = rng.lognormal(3, 1, size=len(codes))
        for code, value in zip(codes, base, strict=True):
            value *= (boost or {}).get(code, 1.0)
            if units[indicator] == "%":
                value = min(99.0, value % 100)
            rows.append([code, indicator, year, round(float(value), 4), units[indicator]])
    return rows


@pytest.fixture
def province_data(regions, upload_root, admin_user_role):
    def load(year: int, seed: int = 0, boost: dict | None = None):
        dataset, _ = dataset_upload(
            upload=make_csv(province_table(year, seed, boost), name=f"p{year}-{seed}.csv"), user=admin_user_role
        )
        dataset_process(dataset_id=dataset.id)
        dataset.refresh_from_db()
        assert dataset.status == "succeeded", (dataset.failure, dataset.errors[:3])
        return dataset

    return load
