"""The app's Streamlit settings: no developer chrome for learners, no usage statistics."""

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_the_deploy_button_is_hidden_and_usage_statistics_are_off():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["client"]["toolbarMode"] == "viewer"  # no Deploy / Rerun / Clear cache
    assert config["browser"]["gatherUsageStats"] is False


def test_no_full_garbage_collection_after_every_rerun():
    # Streamlit's default runs gc.collect() after each rerun: most of the server's CPU per click.
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
