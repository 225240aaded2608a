from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


class PlotlyJsFinder(BaseFinder):
    """Serves plotly.js from the installed plotly package as `vendor/plotly.min.js` (no CDN, always the
    version the Python figures were built for)."""

    static_path = "vendor/plotly.min.js"

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path == self.static_path:
            return [str(PLOTLY_JS)] if find_all else str(PLOTLY_JS)
        return []

    def list(self, ignore_patterns):
        storage = FileSystemStorage(location=str(PLOTLY_JS.parent))
        storage.prefix = "vendor"
        yield PLOTLY_JS.name, storage
