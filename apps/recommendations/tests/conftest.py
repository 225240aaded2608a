import numpy as np
import pytest

from apps.ingest.services import dataset_process, dataset_upload
from apps.ingest.tests.conftest import make_csv
from apps.regions.models import Region
from apps.scoring.tests.conftest import province_data  # noqa: F401  (a fixture used here too)


@pytest.fixture
def province_industry_data(regions, upload_root, admin_user_role):
    """A synthetic 42-sector value-added table for the 31 mainland provinces."""

    def load(year: int, seed: int = 0):
        rng = np.random.default_rng(seed)
        codes = Region.objects.filter(level="province").exclude(code__in=["710000", "810000", "820000"])
        rows = [["region_code", "sector_code", "measure", "year", "value", "unit"]]
        for code in codes.values_list("code", flat=True):
            for s in range(1, 43):
                rows.append([code, f"S{s:02d}", "value_added", year, round(float(rng.lognormal(12, 1.3)), 2), "万元"])
        dataset, _ = dataset_upload(
            upload=make_csv(rows, name=f"io{year}-{seed}.csv"),
            user=admin_user_role,
            source="synthetic input-output table",
        )
        dataset_process(dataset_id=dataset.id)
        dataset.refresh_from_db()
        assert dataset.status == "succeeded", (dataset.failure, dataset.errors[:3])
        return dataset

    return load
