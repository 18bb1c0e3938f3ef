"""Markdown is rendered, then cleaned: nothing an editor pastes can run in a patient's browser."""

import re

import pytest

from education.rendering import plain_text, reading_stats, render_markdown
from tests.factories import GuidePageFactory

HOSTILE = {
    "script tag": "<script>alert('x')</script>",
    "script in markdown paragraph": "Hello <script src=https://evil.example/x.js></script> there",
    "img onerror": '<img src="x" onerror="alert(1)">',
    "event handler on allowed tag": '<p onclick="alert(1)" onmouseover="alert(2)">Hi</p>',
    "javascript link (markdown)": "[click me](javascript:alert(1))",
    "javascript link mixed case": "[click me](JaVaScRiPt:alert(1))",
    "javascript link entity encoded": '<a href="&#106;avascript:alert(1)">x</a>',
    "javascript autolink": "<javascript:alert(1)>",
    "data url link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "vbscript link": '<a href="vbscript:msgbox(1)">x</a>',
    "svg with onload": '<svg onload="alert(1)"><circle r="5"/></svg>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "object and embed": '<object data="x.swf"></object><embed src="x.swf">',
    "style attribute": '<p style="background:url(javascript:alert(1))">styled</p>',
    "style element": "<style>body{display:none}</style>",
    "form": '<form action="https://evil.example"><input name="q"><button>Go</button></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "image markdown": "![x](https://tracker.example/pixel.gif)",
    "base tag": '<base href="https://evil.example/">',
    "math with xlink": '<math><a xlink:href="javascript:alert(1)">x</a></math>',
}
FORBIDDEN = re.compile(
    r"<\s*(script|img|svg|iframe|object|embed|style|form|input|meta|base|math|button)\b"
    r"|\bon[a-z]+\s*="
    r"|javascript:|vbscript:|data:"
    r"|\bstyle\s*=",
    re.IGNORECASE,
)


@pytest.mark.parametrize("markdown_text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_never_survives_rendering(markdown_text):
    html = render_markdown(f"Intro paragraph.\n\n{markdown_text}\n\nClosing paragraph.")
    assert not FORBIDDEN.search(html), html
    assert "Intro paragraph." in html
    assert "Closing paragraph." in html


def test_ordinary_markdown_survives_with_safe_links():
    html = render_markdown(
        "## Heading\n\nSome **bold** and *soft* words.\n\n"
        "- one\n- two\n\n"
        "[NHS 111](https://111.nhs.uk) or [call us](tel:01000000000) or [our page](/guide/x/)"
    )
    assert "<h2>Heading</h2>" in html
    assert "<strong>bold</strong>" in html
    assert "<em>soft</em>" in html
    assert "<ul>\n<li>one</li>" in html
    assert '<a href="https://111.nhs.uk" rel="noopener noreferrer">NHS 111</a>' in html
    assert 'href="tel:01000000000"' in html
    assert 'href="/guide/x/"' in html


def test_a_level_one_heading_in_the_body_becomes_a_section_heading():
    assert render_markdown("# Big\n\ntext") == "<h2>Big</h2>\n<p>text</p>"


def test_the_public_page_shows_cleaned_body_only(db, client):
    page = GuidePageFactory(published=True, working_body="\n\n".join(HOSTILE.values()))
    html = client.get(page.get_absolute_url()).content.decode()
    body = html.split('<div class="guide-body">', 1)[1].split("</div>", 1)[0]
    assert not FORBIDDEN.search(body), body


def test_the_title_and_summary_are_escaped_on_the_page(db, client):
    page = GuidePageFactory(
        published=True,
        working_title="<script>alert(1)</script>Title",
        working_summary='"><img src=x onerror=alert(1)>',
    )
    html = client.get(page.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Title" in html


def test_plain_text_ends_each_heading_and_bullet_as_a_sentence():
    text = plain_text("## Why it hurts\n\n- a nerve is pinched\n- a joint moves\n\nThat is all.")
    assert text.splitlines() == [
        "Why it hurts.",
        "a nerve is pinched.",
        "a joint moves.",
        "That is all.",
    ]


def test_a_simple_list_scores_as_simple_whatever_ends_its_items():
    items = [
        "a high temperature or you feel hot and shivery",
        "your wound is red or swollen or leaking",
        "you have had cancer at any time in the past",
        "you have lost weight and you do not know why",
        "you have had a bad fall since your operation",
        "you cannot sleep because of the pain at night",
    ]
    for ending in ("", ".", ";", ":", ","):
        body = "Call us if you have any of these:\n\n" + "".join(
            f"- {item}{ending}\n" for item in items
        )
        assert reading_stats(body).reading_age <= 11, ending


def test_reading_figures_rate_plain_words_below_hard_words():
    plain = reading_stats("The pain went on. It hurt a lot. We can help you now. " * 30)
    hard = reading_stats(
        "Multidisciplinary neuromodulation considerations necessitate comprehensive "
        "interdisciplinary evaluation of neuropathic symptomatology. " * 30
    )
    assert plain.words == 390
    assert plain.minutes == 2
    assert not plain.above_target
    assert hard.above_target and hard.above_ceiling
    assert hard.reading_age > plain.reading_age
