from django.core.management.base import BaseCommand

from ...demo import demo_data_load


class Command(BaseCommand):
    help = (
        "Loads the shipped statistics (fixtures/demo/) through the upload pipeline and queues the default model "
        "for the years they cover; a second call adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-runs", action="store_true", help="load the data without queueing scoring runs")

    def handle(self, *args, no_runs: bool = False, **options):
        result = demo_data_load(queue_runs=not no_runs)
        if result.created:
            self.stdout.write(f"Loaded {len(result.created)} shipped datasets ({len(result.present)} were there).")
        else:
            self.stdout.write(f"The shipped statistics are loaded ({len(result.present)} datasets).")
        if result.entity_lists:
            self.stdout.write(f"Loaded {len(result.entity_lists)} entity lists: {', '.join(result.entity_lists)}")
        if result.plans:
            self.stdout.write("Loaded the declared priorities of provinces and cities (fixtures/demo/plans/).")
        if result.runs:
            years = ", ".join(f"{level} {year} ({coverage:.0%})" for level, year, coverage in result.runs)
            self.stdout.write(f"Queued {len(result.runs)} scoring runs for the worker: {years}")
