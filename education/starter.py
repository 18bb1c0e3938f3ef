"""
The starter guide that ships with the product: one Markdown file per page in
``education/starter_guide/``, each opening with ``name: value`` lines and a ``---`` line.

Loading never touches a page the guide has ever had: a starter page is created only when no
page, current or in the history (renamed or deleted), ever used its address. Re-running it
is therefore safe, and an editor's changes, renames and deletions stand.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from education.models import FindingTag, GuidePage
from education.services import guide_page_publish

STARTER_DIR = Path(__file__).resolve().parent / "starter_guide"
REVIEW_INTERVAL = timedelta(days=365)
CHANGE_REASON = "Loaded from the starter guide"


@dataclass(frozen=True)
class StarterPage:
    slug: str
    title: str
    summary: str
    topic: str
    position: int
    tags: tuple[str, ...]
    related: tuple[str, ...]
    body: str


def starter_pages() -> list[StarterPage]:
    return [_parse(path) for path in sorted(STARTER_DIR.glob("*.md"))]


def _parse(path: Path) -> StarterPage:
    header, separator, body = path.read_text(encoding="utf-8").partition("\n---\n")
    if not separator:
        raise ValueError(f"{path.name}: no '---' line after the page's details")
    fields = dict(line.split(": ", 1) for line in header.splitlines() if line.strip())

    def names(key):
        return tuple(name.strip() for name in fields.get(key, "").split(",") if name.strip())

    return StarterPage(
        slug=fields["slug"],
        title=fields["title"],
        summary=fields["summary"],
        topic=fields["topic"],
        position=int(fields["position"]),
        tags=names("tags"),
        related=names("related"),
        body=body.strip() + "\n",
    )


@transaction.atomic
def load_starter_guide(*, publish: bool, reviewed_on: date | None = None) -> list[GuidePage]:
    """
    Create the starter pages the guide has never had, linked to each other and to their
    intake findings; publish them if asked, once every page and link is in place. Publishing
    needs ``reviewed_on``, the date a clinician checked them: patients are shown it. Returns
    the pages created.
    """
    if publish and reviewed_on is None:
        raise ValueError("Publishing the starter guide needs the date a clinician reviewed it.")
    pages = starter_pages()
    slugs = [page.slug for page in pages]
    ever_used = {
        slug
        for pair in GuidePage.history.filter(
            Q(slug__in=slugs) | Q(working_slug__in=slugs)
        ).values_list("slug", "working_slug")
        for slug in pair
    }
    tags = {tag.key: tag for tag in FindingTag.objects.all()}
    created = {}
    for starter in pages:
        if starter.slug in ever_used:
            continue
        page = GuidePage(
            working_slug=starter.slug,
            working_topic=starter.topic,
            working_position=starter.position,
            working_title=starter.title,
            working_summary=starter.summary,
            working_body=starter.body,
            working_last_reviewed=reviewed_on,
            working_next_review_due=reviewed_on + REVIEW_INTERVAL if reviewed_on else None,
        )
        page.full_clean()
        page._change_reason = CHANGE_REASON
        page.save()
        page.working_tags.set([tags[key] for key in starter.tags])
        created[starter.slug] = page
    for starter in pages:
        if starter.slug in created:
            # Only pages created now are linked, so an editor's related pages stay as they are.
            created[starter.slug].working_related.add(
                *(created[slug] for slug in starter.related if slug in created)
            )
    if publish:
        for page in created.values():
            guide_page_publish(page=page, by=None)
    return list(created.values())
