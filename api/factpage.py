"""A fact as a readable HTML page: the fact, its entities, the quote highlighted in its sentence,
and the article's title, date, outlet and address. Everything from the graph is escaped; the page
loads nothing (no script, no style sheet, no image), so it is safe to open from anywhere."""

from __future__ import annotations

from html import escape
from typing import Any

STYLE = ("body{font:16px/1.6 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#222}"
         "mark{background:#ffe58a}blockquote{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid #c9a227;"
         "background:#faf8f0}dt{font-weight:600}code{background:#f2f2f2;padding:0 .25rem}")


def highlighted(sentence: str, quote: str) -> str:
    i = sentence.find(quote)
    if i < 0:
        return escape(sentence)
    return escape(sentence[:i]) + "<mark>" + escape(quote) + "</mark>" + escape(sentence[i + len(quote):])


def _link(url: str | None) -> str:
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer">{escape(url)}</a>'
    return escape(url or "—")


def render(fact: dict[str, Any]) -> str:
    props = "".join(f"<dt>{escape(str(k))}</dt><dd>{escape(str(v))}</dd>" for k, v in fact["properties"].items())
    entities = "".join(f"<li>{escape(e['role'].lower())}: {escape(e['entity'].get('name_zh') or '')}"
                       f" ({escape(e['entity'].get('name_en') or '')}) <code>{escape(e['entity']['id'])}</code></li>"
                       for e in fact["entities"])
    sources = "".join(
        f"<section><blockquote lang=\"zh\">{highlighted(s['sentence'], s['quote'])}</blockquote>"
        f"<dl><dt>Article</dt><dd>{escape(s.get('article_title') or s['article_id'])}"
        f"{' — ' + escape(s['article_title_en']) if s.get('article_title_en') else ''}</dd>"
        f"<dt>Date</dt><dd>{escape(s.get('article_date') or 'not stated')}</dd>"
        f"<dt>Outlet</dt><dd>{escape(s.get('article_outlet') or 'not stated')}</dd>"
        f"<dt>Address</dt><dd>{_link(s.get('article_url'))}</dd>"
        f"<dt>Quote offsets</dt><dd>{s.get('start')}–{s.get('end')} in {escape(s['article_id'])}</dd></dl></section>"
        for s in fact["sources"])
    ds = fact.get("dataset")
    if ds:
        sources += (f"<section><dl><dt>Dataset</dt><dd>{escape(str(ds['name']))} {escape(str(ds['version']))}</dd>"
                    f"<dt>Record</dt><dd>{escape(str(ds.get('record') or '—'))}</dd>"
                    + (f"<dt>Inferred</dt><dd>{escape(str(ds.get('inferred_from') or 'yes'))}</dd>" if ds.get("inferred") else "")
                    + "</dl><p>Read from a dataset, not quoted from an article.</p></section>")
    return (f"<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"<title>{escape(fact['label_zh'])} · {escape(fact['id'])}</title><style>{STYLE}</style></head><body>"
            f"<main><h1>{escape(fact['label_zh'])}</h1><p lang=\"en\">{escape(fact['label_en'])}</p>"
            f"<p>Fact <code>{escape(fact['id'])}</code> ({escape(fact.get('statement_class') or '')})</p>"
            f"<h2>Entities</h2><ul>{entities}</ul>"
            f"<h2>Details</h2><dl>{props or '<dd>—</dd>'}</dl>"
            f"<h2>Source</h2>{sources}"
            f"<h2>Cite</h2><p><code>{escape(fact['citation'])}</code></p>"
            f"<p><a href=\"?format=json\">JSON</a></p></main></body></html>")
