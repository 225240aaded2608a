from apps.recommendations.tests.conftest import province_industry_data  # noqa: F401  (fixtures used here too)
from apps.scoring.tests.conftest import province_data  # noqa: F401
