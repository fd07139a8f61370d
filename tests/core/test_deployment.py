"""Production settings: the deploy check is clean with the README's settings, pages carry a
Content-Security-Policy they keep to, and there is no Django admin."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

import ems

SRC = Path(ems.__file__).resolve().parent
BASE = SRC.parent.parent
# The environment README "Production security settings" documents.
PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "ems.example.gov.uk",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "SECURE_COOKIES": "1",
}
# Pages made into PDFs by WeasyPrint, never served to a browser: their <style> is fine.
PDF_TEMPLATES = re.compile(
    r"/(letters|pdf)/|offer_letters|publication/notice\.html|register_part|poll_card_proof|list_pdf"
)


def deploy_check(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "ems.settings",
        "EMS_VAR_DIR": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(50),
        **env,
    }
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_deploy_check_is_clean_with_the_production_settings(tmp_path):
    result = deploy_check(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_warns_without_them(tmp_path):
    result = deploy_check(tmp_path)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_the_readme_lists_every_production_setting():
    readme = (BASE / "README.md").read_text()
    section = readme.split("## Production security settings", 1)[1].split("\n## ", 1)[0]
    for name in [*PRODUCTION, "SECRET_KEY", "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS"]:
        assert f"`{name}" in section, name


def test_pages_carry_a_policy_and_the_one_inline_script_its_nonce(officer_client):
    response = officer_client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in policy
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", policy).group(1)
    page = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline == [f' nonce="{nonce}"']
    assert 'src="/static/ems/init.js"' in page
    assert 'name="htmx-config"' in page


def test_no_page_template_has_inline_script_or_style(db):
    problems = []
    for path in SRC.glob("*/jinja2/**/*.html"):
        text = re.sub(r"{#.*?#}", "", path.read_text(), flags=re.DOTALL)  # comments aside
        if PDF_TEMPLATES.search(str(path)):
            continue
        if re.search(r"<script(?![^>]*\bsrc=)", text) or re.search(r"\sstyle=|<style", text):
            problems.append(str(path.relative_to(SRC)))
    assert problems == []


def test_https_pages_tell_browsers_to_keep_to_https(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_plain_http_is_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("login"))
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_there_is_no_django_admin(officer_client, settings):
    assert "django.contrib.admin" not in settings.INSTALLED_APPS
    assert officer_client.get("/admin/").status_code == 404
