"""The offline copy's server side: what the manifest lists, the bundle that saves it (Brotli and gzip), the
app manifest and the service worker. Who may open them is in tests/test_permissions.py."""

import base64
import gzip
import json

import brotli
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.test import Client
from PIL import Image

from offline.copy import BANNER_MARKER, accepted_encoding
from roadmap.synthetic import synthetic_document


@pytest.fixture(autouse=True)
def empty_page_cache():
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def bundle_of(response) -> dict:
    body = response.content
    if response.get("Content-Encoding") == "br":
        body = brotli.decompress(body)
    elif response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return json.loads(body)


def test_the_manifest_lists_every_reader_page_of_the_current_edition(client, demo, demo_bg):
    response = client.get("/bg/offline/manifest.json")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    data = response.json()
    assert data["edition"] == demo.number and data["language"] == "bg"
    pages = data["pages"]
    assert len(pages) == len(set(pages))
    assert {f"/bg/roadmap/{step.slug}/" for step in demo_bg.step_list} <= set(pages)
    assert {f"/bg/institutions/{slug}/" for slug in demo_bg.institutions} <= set(pages)
    assert {f"/bg/scenarios/{s.slug}/" for s in demo_bg.scenarios} <= set(pages)
    for page in ("/bg/", "/bg/roadmap/", "/bg/responsibilities/", "/bg/glossary/", "/bg/legal-references/"):
        assert page in pages
    assert "/bg/flowchart/" in pages and "/bg/offline/" in pages
    # nothing with a query string (a guide's answers), no search, no guide with answers
    assert not [page for page in pages if "?" in page or "/search/" in page]
    assert {pdf["group"] for pdf in data["pdfs"]} == {"handbook", "institutions", "scenarios"}
    assert len(data["pdfs"]) == 1 + len(demo_bg.institutions) + len(demo_bg.scenarios)
    assert "/bg/roadmap/handbook.pdf" in {pdf["url"] for pdf in data["pdfs"]}
    assert data["banner"]["other"].startswith("Офлайн копие — издание 1 от ")
    assert "{days}" in data["banner"]["other"]


def test_the_english_manifest_is_in_english(client, demo):
    data = client.get("/en/offline/manifest.json").json()
    assert data["language"] == "en" and all(page.startswith("/en/") for page in data["pages"])
    assert data["banner"]["today"].startswith("Offline copy — edition 1 of ")


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_the_bundle_holds_every_page_and_the_static_files_they_use(client, demo, encoding):
    pages = client.get("/bg/offline/manifest.json").json()["pages"]
    response = client.get("/bg/offline/bundle.json", HTTP_ACCEPT_ENCODING=f"{encoding}, deflate")
    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding and "Accept-Encoding" in response["Vary"]
    bundle = bundle_of(response)
    assert bundle["edition"] == 1 and list(bundle["pages"]) == pages
    step = bundle["pages"]["/bg/roadmap/signal-to-dsp/"]
    assert BANNER_MARKER in step and '<html lang="bg">' in step
    assert "\n  " not in step  # the templates' indentation is left out
    # what works online only: "I am from …" answers with a page of its own (?inst=)
    assert "perspective-form" not in step and "online-only" not in step
    assert "/bg/guide/offline/" in bundle["pages"]
    # the offline guide's document: the edition as JSON
    assert json.loads(bundle["static"]["/api/editions/1/bg.json"]["text"])
    assert "default-src 'self'" in bundle["csp"]
    static = bundle["static"]
    names = list(static)
    assert any(name.endswith("bootstrap.min.css") for name in names)
    assert any(name.endswith("js/offline.js") for name in names)
    fonts = [name for name in names if "fonts/" in name]
    assert fonts and all(".woff2" in name for name in fonts)  # the font as WOFF2 only
    assert static[fonts[0]]["type"] == "font/woff2" and "base64" in static[fonts[0]]
    assert not any(name.endswith("manage.js") for name in names)  # what no page of the copy uses


def test_brotli_makes_the_bundle_much_smaller_than_gzip(client, demo):
    br = client.get("/bg/offline/bundle.json", HTTP_ACCEPT_ENCODING="gzip, br")
    gz = client.get("/bg/offline/bundle.json", HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get("/bg/offline/bundle.json", HTTP_ACCEPT_ENCODING="")
    assert "Content-Encoding" not in plain
    assert bundle_of(br) == bundle_of(gz) == json.loads(plain.content)
    assert len(br.content) < 0.7 * len(gz.content)


def test_a_signed_in_readers_bundle_is_not_served_to_anonymous_readers(client, demo, officer):
    signed_in = Client()
    signed_in.force_login(officer)
    mine = bundle_of(signed_in.get("/bg/offline/bundle.json", HTTP_ACCEPT_ENCODING="br"))
    assert 'action="/bg/accounts/logout/"' in mine["pages"]["/bg/"]
    anonymous = bundle_of(client.get("/bg/offline/bundle.json", HTTP_ACCEPT_ENCODING="br"))
    assert 'action="/bg/accounts/logout/"' not in anonymous["pages"]["/bg/"]
    assert "csrfmiddlewaretoken" not in json.dumps(anonymous["pages"])


@pytest.mark.parametrize("steps", [10, 60])
def test_the_endpoints_cost_a_fixed_number_of_queries(
    client, db, publish, steps, django_assert_max_num_queries
):
    publish(synthetic_document(steps=steps, institutions=steps // 3))
    client.get("/bg/")  # the edition loaded once per process, as in a running server
    with django_assert_max_num_queries(1):
        assert client.get("/bg/offline/manifest.json").status_code == 200
    caches["pages"].clear()
    with django_assert_max_num_queries(1):
        assert client.get("/bg/offline/bundle.json", HTTP_ACCEPT_ENCODING="br").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/bg/offline/").status_code == 200


def test_before_the_first_edition_the_copy_is_a_404_in_the_visitors_language(client, db):
    response = client.get("/bg/offline/bundle.json")
    assert response.status_code == 404
    assert '<html lang="bg">' in response.content.decode()
    assert client.get("/bg/offline/").status_code == 200


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert BANNER_MARKER in response.content.decode()


def test_the_app_manifest_names_the_app_in_the_language_and_its_icons_exist(client, db):
    response = client.get("/bg/offline/app.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["name"] == "Пътна карта за НМНЛ" and data["start_url"] == "/bg/" and data["scope"] == "/"
    for icon in data["icons"]:
        # The file behind the URL, found as collectstatic would find it (script/test collects nothing).
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert path, icon["src"]
        image = Image.open(path)
        assert f"{image.width}x{image.height}" == icon["sizes"]
    assert client.get("/en/offline/app.webmanifest").json()["start_url"] == "/en/"


def test_pages_link_the_app_manifest_and_offer_saving_for_offline_use(client, demo):
    html = client.get("/bg/").content.decode()
    assert 'rel="manifest" href="/bg/offline/app.webmanifest"' in html
    assert html.count('href="/bg/offline/"') == 2  # the menu and the home page's button
    assert "Запази за офлайн ползване" in html


@pytest.mark.parametrize(
    ("header", "expected"),
    [("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("", "identity"), ("br;q=1.0", "br")],
)
def test_the_encoding_is_the_best_the_client_takes(header, expected):
    assert accepted_encoding(header) == expected


def test_a_private_roadmaps_copy_is_saved_by_a_signed_in_reader_only(client, demo, officer, settings):
    settings.ROADMAP_REQUIRE_LOGIN = True
    assert client.get("/bg/offline/bundle.json").status_code == 302
    assert client.get("/bg/offline/manifest.json").status_code == 302
    signed_in = Client()
    signed_in.force_login(officer)
    pages = signed_in.get("/bg/offline/manifest.json").json()["pages"]
    bundle = bundle_of(signed_in.get("/bg/offline/bundle.json", HTTP_ACCEPT_ENCODING="br"))
    # every page rendered for the reader, none a redirect to the login page
    assert list(bundle["pages"]) == pages
    assert all("<main" in html and 'name="password"' not in html for html in bundle["pages"].values())


@pytest.mark.parametrize("lang", ["bg", "en"])
def test_the_demo_copy_keeps_within_its_budget(client, demo, lang):
    """Issue 16: one language's copy ≤ 5 MB without PDFs, saved in ≤ 15 s on Slow 3G (50,000 bytes/s,
    2 s latency: benchmarks/offline_copy.py measured 10 s for 390 KB). Guarded here by what is stored and
    what travels, so a page that grows shows up in the tests, not in the field."""
    response = client.get(f"/{lang}/offline/bundle.json", HTTP_ACCEPT_ENCODING="gzip, br")
    bundle = bundle_of(response)
    stored = sum(len(html.encode()) for html in bundle["pages"].values())
    stored += sum(
        len(file["text"].encode()) if "text" in file else len(base64.b64decode(file["base64"]))
        for file in bundle["static"].values()
    )
    assert stored <= 5_000_000
    assert len(response.content) <= 450_000
