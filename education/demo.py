"""Demo content for ``manage.py load_demo``: the starter guide, published and reviewed today."""

from django.utils import timezone

from education.starter import load_starter_guide, starter_pages


def load() -> str:
    created = load_starter_guide(publish=True, reviewed_on=timezone.localdate())
    return f"Patient guide: {len(starter_pages())} starter pages, {len(created)} new."
