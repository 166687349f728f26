"""The chrome's icons and inline scripts, moved into files: what pages keep, what the files hold."""

from __future__ import annotations

import re
from pathlib import Path

from generator.plugin.chrome_assets import ICONS_FILE, ChromeAssets
from sitebuild import DATA, build_site, make_project

MENU = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'
TOP = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M13 20h-2V8z"/></svg>'
PALETTE_SCRIPT = '<script>var palette=__md_get("__palette");</script>'


def test_an_icon_is_kept_once_in_the_sprite_and_shown_from_there(tmp_path: Path):
    assets = ChromeAssets()
    header = assets.externalize(f'<label class="md-icon">{MENU}</label><a class="md-logo">{MENU}</a>', "../../assets/")
    uses = re.findall(r'<svg viewBox="0 0 24 24"><use href="\.\./\.\./assets/catalog-icons\.svg#(i[0-9a-f]{10})"></use></svg>',
                      header)
    assert len(uses) == 2 and uses[0] == uses[1]
    assert header.startswith('<label class="md-icon"><svg') and "<path" not in header
    assets.write(tmp_path)
    sprite = (tmp_path / "assets" / ICONS_FILE).read_text(encoding="utf-8")
    assert sprite == (f'<svg xmlns="http://www.w3.org/2000/svg">\n'
                      f'<symbol id="{uses[0]}" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></symbol>\n</svg>\n')


def test_the_same_icons_give_the_same_files_in_any_order(tmp_path: Path):
    first, second = ChromeAssets(), ChromeAssets()
    first.externalize(MENU + TOP + PALETTE_SCRIPT, "assets/")
    second.externalize(PALETTE_SCRIPT + TOP, "../assets/")
    second.externalize(MENU, "../../assets/")
    first.write(tmp_path / "first")
    second.write(tmp_path / "second")
    for path in sorted((tmp_path / "first" / "assets").iterdir()):
        assert path.read_bytes() == (tmp_path / "second" / "assets" / path.name).read_bytes()
    assert len(list((tmp_path / "second" / "assets").iterdir())) == 2


def test_an_inline_script_runs_from_a_file_in_its_place(tmp_path: Path):
    assets = ChromeAssets()
    html = assets.externalize(f'<form id="palette"></form>{PALETTE_SCRIPT}<script src="x.js" defer></script>', "../")
    name = re.fullmatch(r'<form id="palette"></form><script src="\.\./(catalog-chrome-[0-9a-f]{10}\.js)"></script>'
                        r'<script src="x\.js" defer></script>', html).group(1)
    assets.write(tmp_path)
    assert (tmp_path / "assets" / name).read_text(encoding="utf-8") == 'var palette=__md_get("__palette");\n'


def test_an_icon_without_a_viewbox_stays_inline():
    icon = '<svg width="16" height="16"><circle r="8"/></svg>'
    assets = ChromeAssets()
    assert assets.externalize(icon, "assets/") == icon
    assert assets.icons == {}


def test_every_icon_and_script_a_built_page_refers_to_is_in_the_site(tmp_path: Path):
    project = make_project(DATA / "fixture_seeds", tmp_path / "project")
    result = build_site(project, "https://example.org/catalog/")
    assert result.returncode == 0, result.stdout + result.stderr
    site = project / "site"
    sprite = (site / "assets" / ICONS_FILE).read_text(encoding="utf-8")
    symbols = set(re.findall(r'<symbol id="(i[0-9a-f]+)"', sprite))
    pages = sorted(site.rglob("*.html"))
    referred: set[str] = set()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<path" not in html.split('class="md-content"')[0], f"{page}: an icon left inline in the header"
        for target in re.findall(r'<use href="?([^" >]+)', html):
            address, _, symbol = target.partition("#")
            assert (page.parent / address).resolve() == (site / "assets" / ICONS_FILE).resolve() or \
                address.startswith("/catalog/assets/"), f"{page}: {target}"
            referred.add(symbol)
        for script in re.findall(r'<script src="?([^" >]*catalog-chrome-[^" >]+)', html):
            assert (site / "assets" / script.rsplit("/", 1)[1]).is_file(), f"{page}: {script}"
    assert referred == symbols and len(symbols) >= 5  # logo, menu, two palette toggles, search, top
