"""Every page renders (fixture content and the real content), the navigation has every
page with the Simulator in its own section, and the home and guide pages show what they should."""

import pytest

from ui_helpers import PAGES, all_markdown, diagrams, node_texts, open_app, texts


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_with_the_fixture_content(page, fixture_content):
    at = open_app(page)
    assert not at.exception
    assert at.title, f"{page} has no title"
    assert not at.warning, texts(at.warning)  # fixture content is clean


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_with_the_real_content(page):
    at = open_app(page)
    assert not at.exception


def test_navigation_has_every_page_and_the_simulator_between_learn_and_practise():
    from pathlib import Path
    source = (Path(__file__).resolve().parents[2] / "app.py").read_text()
    for path in PAGES.values():
        assert path in source
    assert source.index('"Learn"') < source.index('"Simulate"') < source.index('"Practise"')
    assert 'url_path="simulator"' in source


def test_home_explains_and_links(fixture_content):
    at = open_app("home")
    assert at.title[0].value == "Stepwise: AWS Step Functions"
    main = at.main.get("page_link")
    assert [p.proto.page for p in main] == ["guide", "compare", "simulator", "glossary", "quiz", "progress"]
    assert "**2. Watch it run**" in " ".join(m.value for m in at.markdown)
    assert texts(at.info)[0].startswith("Type your name in the sidebar")


def test_home_progress_summary(fixture_content):
    at = open_app("home", profile="Ana")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Questions answered": "0", "Right": "–", "Flashcards due": "3",
                       "Best exam": "–"}


def test_guide_sections_and_worked_example_graph(fixture_content):
    at = open_app("guide")
    headers = texts(at.header)
    assert headers[0] == "What you'll be able to do"
    assert "Worked example: A tiny pipeline" in headers and headers[-1] == "Exam tip"
    assert [e.label for e in at.expander] == ["1. Workflow foundations"]
    assert "#### States" in all_markdown(at)  # a child node as a sub-heading
    svg = diagrams(at)[0]
    assert node_texts(svg, "Prepare") and node_texts(svg, "Done")
    assert "Coordinate multiple services" in texts(at.info)[-1]


def test_the_profile_stays_in_the_address_on_every_page(fixture_content):
    # Page links drop query parameters; the sidebar puts ?profile= back so a reload or a
    # bookmark of any page keeps the learner's progress.
    at = open_app("quiz", profile="Ana")
    assert at.query_params["profile"] == "Ana"


def test_a_profile_in_the_address_is_adopted(fixture_content):
    from streamlit.testing.v1 import AppTest

    from ui_helpers import APP, TIMEOUT

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["profile"] = "Ana"
    at.run()
    assert not at.exception
    assert any("Profile: **Ana**" in m.value for m in at.sidebar.markdown)
