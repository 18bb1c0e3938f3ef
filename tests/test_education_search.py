"""Search finds public pages by their words: full-text on PostgreSQL, contains on SQLite."""

import pytest
from django.db import connection

from education.services import guide_pages_search
from tests.factories import GuidePageFactory
from tests.working_copy import edited

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only"
)


@pytest.fixture
def pages():
    return {
        "stimulation": GuidePageFactory(
            published=True,
            working_title="Spinal cord stimulation",
            working_summary="A small device for nerve pain.",
            working_body="It sends mild signals to the spinal cord. A trial comes first.",
        ),
        "physio": GuidePageFactory(
            published=True,
            working_title="Physical therapy",
            working_summary="Moving more.",
            working_body="Exercises build strength. Ask about a stimulation trial too.",
        ),
        "working_copy_only": GuidePageFactory(
            published=True,
            working_title="Medicines",
            working_summary="A review.",
            working_body="Opioids rarely help.",
        ),
    }


def test_words_in_the_body_find_the_page(pages):
    assert guide_pages_search(query="mild signals") == [pages["stimulation"]]


def test_words_anywhere_in_the_title_summary_or_body_count(pages):
    assert guide_pages_search(query="device") == [pages["stimulation"]]
    assert guide_pages_search(query="physical") == [pages["physio"]]


def test_every_word_must_be_found(pages):
    assert guide_pages_search(query="strength signals") == []


def test_words_only_in_an_unpublished_working_copy_are_not_found(editor_client, pages):
    page = pages["working_copy_only"]
    edited(editor_client, page, body="Opioids rarely help. Gabapentinoids are for nerve pain.")
    assert guide_pages_search(query="gabapentinoids") == []
    assert guide_pages_search(query="opioids") == [page]


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_finds_nothing(pages, query):
    assert guide_pages_search(query=query) == []


def test_the_search_page_lists_results_with_summaries(client, pages):
    response = client.get("/guide/search/", {"q": "signals"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 page found for “signals”" in html
    assert pages["stimulation"].get_absolute_url() in html
    assert "A small device for nerve pain." in html


def test_the_search_page_offers_a_way_on_when_nothing_matches(client, pages):
    html = client.get("/guide/search/", {"q": "xylophone"}).content.decode()
    assert "0 pages found" in html
    assert 'href="/guide/"' in html


def test_the_search_page_escapes_what_was_typed(client, pages):
    html = client.get("/guide/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_an_overlong_search_is_refused_politely(client, pages):
    response = client.get("/guide/search/", {"q": "pain " * 40})
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["results"] == []
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_q_helptext id_q_error"' in html
    assert 'id="id_q_error"' in html and "at most 100 characters" in html


@on_postgresql
def test_postgresql_matches_other_forms_of_a_word(pages):
    assert guide_pages_search(query="signal") == [pages["stimulation"]]
    assert guide_pages_search(query="exercise") == [pages["physio"]]


@on_postgresql
def test_postgresql_ranks_a_title_match_above_a_body_match(pages):
    assert guide_pages_search(query="stimulation") == [pages["stimulation"], pages["physio"]]


@on_postgresql
def test_postgresql_understands_quotes_and_or(pages):
    assert guide_pages_search(query='"spinal cord"') == [pages["stimulation"]]
    assert set(guide_pages_search(query="opioids or exercises")) == {
        pages["working_copy_only"],
        pages["physio"],
    }


@on_postgresql
def test_postgresql_has_a_gin_index_that_the_search_uses(pages):
    from django.contrib.postgres.search import SearchQuery

    from education.models import GuidePage
    from education.search import search_document

    query = (
        GuidePage.objects.alias(document=search_document())
        .filter(document=SearchQuery("signals", config="english"))
        .values("pk")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = query.explain()
    assert "guidepage_search_gin_idx" in plan
