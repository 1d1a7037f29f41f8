"""``quotetrack models download``: spacy-udpipe's real download code path, never the network.

The model host is unreachable here (and tests must not use the network), so
the failure is made two ways: urllib's opener raising as it does without a
route, and spacy-udpipe's base URL pointed at a local ``file://`` folder
(urlretrieve reads file:// URLs with the same code), which also lets the
success path run.  spacy-udpipe's models folder is moved to tmp_path so the
installed package is never written to.
"""
from __future__ import annotations

import urllib.error

import pytest
from click.testing import CliRunner
from spacy_udpipe import utils

from quotetrack import models
from quotetrack.cli import cli
from quotetrack.errors import BackendError

OFFICIAL = "arabic-padt-ud-2.5-191206.udpipe"


@pytest.fixture()
def models_dir(tmp_path, monkeypatch):
    d = tmp_path / "spacy_udpipe_models"
    monkeypatch.setattr(utils, "MODELS_DIR", str(d))
    return d


@pytest.fixture()
def no_network(monkeypatch, models_dir):
    calls = []

    def unreachable(url, filename=None, *a, **k):
        calls.append(url)
        raise urllib.error.URLError(OSError(101, "Network is unreachable"))

    monkeypatch.setattr(utils.urllib.request, "urlretrieve", unreachable)
    return calls


def test_url_and_file_come_from_spacy_udpipe():
    assert utils.LANGUAGES["ar"] == OFFICIAL == models.OFFICIAL["ar"]
    assert models.model_url("ar") == f"{utils.BASE_URL}/{OFFICIAL}"


def test_unreachable_host_is_e043_with_url_and_hand_instructions(no_network, models_dir):
    with pytest.raises(BackendError) as e:
        models.download("ar")
    msg = str(e.value)
    assert msg.startswith("[QT043]")
    assert models.model_url("ar") in msg  # the URL it tried
    assert "Network is unreachable" in msg
    assert "--udpipe-model PATH" in msg and "QUOTETRACK_UDPIPE_MODEL" in msg  # how to place it by hand
    assert no_network == [models.model_url("ar")]  # spacy-udpipe's own code made the request
    assert not (models_dir / OFFICIAL).exists()


def test_cli_download_fails_cleanly(no_network):
    r = CliRunner().invoke(cli, ["models", "download", "ar"])
    assert r.exit_code == 2, r.output
    assert "QT043" in r.output and "lindat.mff.cuni.cz" in r.output and OFFICIAL in r.output
    assert "Traceback" not in r.output


def test_file_url_missing_file_is_e043(monkeypatch, models_dir, tmp_path):
    mirror = tmp_path / "empty-mirror"
    mirror.mkdir()
    monkeypatch.setattr(utils, "BASE_URL", mirror.as_uri())
    with pytest.raises(BackendError, match=r"QT043.*file://.*" + OFFICIAL.replace(".", r"\.")):
        models.download("ar")
    assert not (models_dir / OFFICIAL).exists()


def test_file_url_download_succeeds(monkeypatch, models_dir, tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / OFFICIAL).write_bytes(b"model bytes")
    monkeypatch.setattr(utils, "BASE_URL", mirror.as_uri())
    r = CliRunner().invoke(cli, ["models", "download", "ar"])
    assert r.exit_code == 0, r.output
    assert (models_dir / OFFICIAL).read_bytes() == b"model bytes"
    assert f"--udpipe-model {models_dir / OFFICIAL}" in r.output
    again = models.download("ar")  # spacy-udpipe sees the file and fetches nothing
    assert again.already and again.path == str(models_dir / OFFICIAL)


def test_partial_file_is_removed(monkeypatch, models_dir):
    def half(url, filename=None, *a, **k):
        with open(filename, "wb") as f:
            f.write(b"half a model")
        raise urllib.error.ContentTooShortError("retrieval incomplete: got only 12 bytes", None)

    monkeypatch.setattr(utils.urllib.request, "urlretrieve", half)
    with pytest.raises(BackendError, match="QT043.*ContentTooShortError"):
        models.download("ar")
    assert not (models_dir / OFFICIAL).exists()  # else it would later load as a corrupt model


@pytest.mark.parametrize("lang", ["xx", "en", "arabic", "AR"])
def test_a_language_other_than_arabic_is_a_usage_error(lang, monkeypatch):
    """quotetrack reads Arabic only: ``models download en`` is refused before anything is fetched."""
    monkeypatch.setattr(models, "download", lambda lang: pytest.fail(f"tried to download {lang}"))
    r = CliRunner().invoke(cli, ["models", "download", lang])
    assert r.exit_code == 2, r.output
    assert f"{lang!r}: quotetrack reads Arabic only" in r.output and "models download ar" in r.output
