import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intake.instruments import InstrumentError, validate_instrument
from intake.models import Instrument


class Command(BaseCommand):
    help = (
        "Load the licensed wording of a questionnaire (such as the Oswestry Disability Index) "
        "from a JSON file. Until it is loaded, the questionnaire is not shown to patients."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="JSON file with key, name and sections.")

    def handle(self, *args, path, **options):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {path}") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path} is not valid JSON: {error}") from error
        try:
            fields = validate_instrument(data)
        except InstrumentError as error:
            raise CommandError(
                f"{path} was not loaded:\n" + "\n".join(f"  - {p}" for p in error.problems)
            ) from error
        instrument, created = Instrument.objects.update_or_create(
            key=fields.pop("key"), defaults=fields
        )
        verb = "Loaded" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {instrument} ({len(instrument.sections)} sections).")
        )
