"""The workbench (``/workbench``): paste or open a transcription and watch it encoded.

The page sends the text as the editor types (debounced, in the browser) to
``POST /workbench/convert``, which answers with the TEI, the reading view,
the validation messages (``line:col``) and the doubtful decisions with their
alternatives. Choosing an alternative posts to ``/workbench/decide``, which
writes ``NAME.decisions.toml`` beside the corpus transcript exactly as
``tei-encoder decide`` does; the next conversion takes it. Save
(``/workbench/save``) writes the transcript and its TEI atomically, and never
a TEI file an editor has changed (the master rule).

Safety:

- a write (``decide``) and a conversion need the session's token: the page
  carries it, the session cookie (``HttpOnly``, ``SameSite=Strict``) keys it,
  and another site can read neither (CSRF);
- request bodies are read up to :data:`MAX_BODY` bytes and refused beyond;
  pasted XML is refused (a transcript is text), and nothing here parses XML
  except through :mod:`encoder.safexml`;
- a transcript is named by its stem and looked up among the corpus's
  transcripts: no path comes from the request;
- the page refuses to be framed by another site (clickjacking);
- an editor's bad input is that request's 4xx, never another's failure.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from lxml.html import builder as E
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from encoder.errors import Diagnostic, EncoderError, InputError, UsageError
from encoder.server.corpus import LiveCorpus, corpus_files

MAX_BODY = 512 * 1024  # a long transcript is 30–60 KB; room for ten times that, no more
SESSION_COOKIE = "tei_encoder_session"
TOKEN_HEADER = "x-csrf-token"
SESSION_MAX_AGE = 12 * 3600  # seconds a workbench page's token is taken: a working day, then reload
ISSUED_DIGITS = 12  # a token's issue time, in hex seconds
CLOCK_SLACK = 60  # seconds a token may seem to come from the future: the clock was set back
TOKEN_REFUSED = "missing, wrong or expired session token: reload the workbench"


class Sessions:
    """Per-session CSRF tokens that expire, with no state kept on the server.

    A token is the time it was issued (seconds, 12 hex digits) and an HMAC of
    the session id and that time under a key that lives as long as the
    process: the issue time cannot be changed without the key. A token older
    than ``max_age`` seconds is refused as a wrong one is; reloading the page
    gives a fresh one."""

    def __init__(self, max_age: float = SESSION_MAX_AGE, clock: Callable[[], float] = time.time) -> None:
        self._key = secrets.token_bytes(32)
        self._max_age = max_age
        self._clock = clock

    @staticmethod
    def new_session() -> str:
        return secrets.token_urlsafe(24)

    def token(self, session: str) -> str:
        issued = f"{int(self._clock()):0{ISSUED_DIGITS}x}"
        return issued + self._signature(session, issued)

    def check(self, request: Request) -> bool:
        return self.valid(request.cookies.get(SESSION_COOKIE, ""), request.headers.get(TOKEN_HEADER, ""))

    def valid(self, session: str, token: str) -> bool:
        issued, signature = token[:ISSUED_DIGITS], token[ISSUED_DIGITS:]
        if not session or len(issued) != ISSUED_DIGITS:
            return False
        expected = self._signature(session, issued).encode()
        if not hmac.compare_digest(expected, signature.encode("utf-8", "replace")):
            return False
        age = self._clock() - int(issued, 16)
        return -CLOCK_SLACK <= age <= self._max_age

    def _signature(self, session: str, issued: str) -> str:
        return hmac.new(self._key, f"{session}|{issued}".encode("utf-8", "replace"), hashlib.sha256).hexdigest()


class BodyTooLarge(Exception):
    pass


async def read_json(request: Request, limit: int = MAX_BODY) -> dict[str, Any]:
    """The request's JSON object, read no further than ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise BodyTooLarge
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > limit:
            raise BodyTooLarge
    try:
        data = json.loads(received)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UsageError("the request body is not JSON") from None
    if not isinstance(data, dict):
        raise UsageError("the request body is not a JSON object")
    return data


def corpus_transcripts(corpus: Path) -> dict[str, Path]:
    """The corpus's transcripts by name (stem); only regular files inside the corpus."""
    transcripts = corpus / "transcripts"
    return {path.stem: path for path in corpus_files(corpus) if path.parent == transcripts and path.suffix == ".txt"}


# ---- converting ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Converted:
    tei: str
    reading: str
    messages: list[dict[str, Any]]
    decisions: list[dict[str, Any]]


def _message(diagnostic: Diagnostic, where: str) -> dict[str, Any]:
    return {
        "where": where,  # "transcript": line:col in the text being edited; "tei": in the TEI shown
        "code": diagnostic.code,
        "severity": str(diagnostic.severity),
        "message": diagnostic.message,
        "line": diagnostic.line,
        "col": diagnostic.col,
    }


def _conversion(corpus: LiveCorpus, text: str, name: str | None) -> Any:
    """The ConversionResult of ``text`` converted as the corpus converts transcript ``name`` (its metadata,
    decisions, edition), or as a pasted text when ``name`` is none of the corpus's. Call with the lock held."""
    from encoder.edition import find_edition_file, load_edition, register_path
    from encoder.header import load_sidecar, sidecar_path
    from encoder.overrides import decisions_path, load_decisions
    from encoder.pipeline import convert_source
    from encoder.reading import read_text, refuse_xml
    from encoder.registers import load_register_cached

    transcript = corpus_transcripts(corpus.corpus).get(name or "")
    source = read_text(text, f"{name}.txt" if transcript else "pasted.txt", control_chars="picture")
    refuse_xml(source)
    options: dict[str, Any] = {}
    if transcript is not None:
        beside, decisions_file = sidecar_path(transcript), decisions_path(transcript)
        edition_file = find_edition_file(transcript)
        edition = load_edition(edition_file) if edition_file is not None else None
        register = register_path(edition, edition_file)
        options = {
            "sidecar": load_sidecar(beside) if beside.is_file() else None,
            "editor": load_decisions(decisions_file) if decisions_file.is_file() else None,
            "edition": edition,
            "register": load_register_cached(register) if register is not None else None,
            "document_name": transcript.stem,
            "output_path": corpus.corpus / f"{transcript.stem}.xml",
        }
    return convert_source(source, validate=False, **options)


def convert_text(corpus: LiveCorpus, text: str, name: str | None) -> Converted:
    """What the workbench shows for ``text``: the TEI, the reading view, messages and doubtful decisions."""
    from encoder.overrides import choices_for
    from encoder.safexml import parse_xml_bytes
    from encoder.validation import validate_tree

    with corpus.lock:  # the converter's caches and Saxon serve one request at a time
        result = _conversion(corpus, text, name)
        data = result.to_bytes()
        # what is shown is the bytes a file would hold, read back by the hardened parser: line numbers match
        shown = parse_xml_bytes(data, "TEI")
        found = validate_tree(shown, filename="TEI")
        reading = corpus.renderer.render_html(shown)
    messages = [_message(d, "transcript") for d in result.diagnostics] + [_message(d, "tei") for d in found]
    decisions = [
        {
            "id": decision.id,
            "kind": decision.kind,
            "text": decision.text,
            "line": decision.line,
            "col": decision.col,
            "chosen": decision.chosen,
            "confidence": decision.confidence,
            "message": decision.message,
            "choices": list(choices_for(decision.kind, decision.chosen, decision.text)),
        }
        for decision in result.decisions
        if decision.confidence != "high"
    ]
    return Converted(data.decode("utf-8"), reading, messages, decisions)


def save(corpus: LiveCorpus, name: str, text: str) -> list[str]:
    """Write transcript ``name`` and its TEI, as ``tei-encoder convert`` would; what happened, said.

    Both files are written atomically. The TEI follows the master rule: a TEI
    file an editor has changed is the edition's text and is never overwritten
    (the transcript is saved; ``tei-encoder reconcile`` merges the change)."""
    from encoder.commands.convert import write_if_changed
    from encoder.provenance import base_path, read_provenance
    from encoder.validation import has_errors, validate_tree

    transcript = corpus_transcripts(corpus.corpus).get(name)
    if transcript is None:
        raise LookupError(name)
    target = corpus.corpus / f"{name}.xml"
    with corpus.lock:
        result = _conversion(corpus, text, name)
        found = validate_tree(result.tree, filename=str(target))
        if has_errors(found):
            raise InputError(f"{target}: the conversion is not valid TEI; nothing saved", found)
        data = result.to_bytes()
        write_if_changed(transcript, text.encode("utf-8"))
        if read_provenance(target).is_master:
            return [
                f"{transcript.name} saved",
                f"{target.name} kept: it was edited after conversion and is the master "
                "(tei-encoder reconcile merges the transcript's change into it)",
            ]
        write_if_changed(target, data)
        write_if_changed(base_path(target), data)  # the base reconcile merges against
    return [f"{transcript.name} and {target.name} saved"]


# ---- the page ------------------------------------------------------------------------


def page(token: str, names: list[str]) -> bytes:
    """The workbench page: plain HTML and one script, no build step."""
    choose = E.SELECT(E.OPTION("— paste a transcription, or open one of the corpus —", value=""), id="open")
    for name in names:
        choose.append(E.OPTION(name, value=name))
    document = E.HTML(
        E.HEAD(
            E.META(charset="utf-8"),
            E.META(name="csrf-token", content=token),
            E.LINK(rel="icon", href="data:,"),  # no favicon request, no 404 in the console
            E.TITLE("tei-encoder workbench"),
            E.STYLE(_CSS),
        ),
        E.BODY(
            E.HEADER(
                E.H1("Workbench"),
                choose,
                E.LABEL("or open a file: ", E.INPUT(type="file", id="upload", accept=".txt,text/plain")),
                E.BUTTON("Save", id="save", disabled="disabled"),
                E.SPAN("", id="status", role="status"),
            ),
            E.MAIN(
                E.SECTION(
                    E.H2("Transcription"),
                    # the doubtful places are marked in a copy of the text laid exactly under the textarea
                    E.DIV(
                        E.DIV("", id="highlights", CLASS="highlights", **{"aria-hidden": "true"}),
                        E.TEXTAREA("", id="transcript", spellcheck="false"),
                        CLASS="editor",
                    ),
                ),
                # sandboxed without allow-same-origin: the view's scripts run in an opaque origin (no cookie, no parent)
                E.SECTION(E.H2("Reading view"), E.IFRAME(id="reading", sandbox="allow-scripts")),
                E.SECTION(E.H2("TEI"), E.PRE("", id="tei", CLASS="tei")),
                E.SECTION(
                    E.H2("Messages and decisions"),
                    E.OL("", id="messages"),
                    E.OL("", id="decisions"),
                ),
            ),
            E.SCRIPT(_SCRIPT.replace("%(limit)d", str(MAX_BODY))),
        ),
        lang="en",
    )
    return b"<!DOCTYPE html>\n" + etree.tostring(document, method="html", encoding="utf-8")


_CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; }
header { display: flex; gap: 1em; align-items: center; padding: .5em 1em; background: #eee; }
header h1 { font-size: 1.1em; margin: 0; }
main { display: grid; grid-template-columns: 1fr 1fr; gap: .5em; padding: .5em; height: calc(100vh - 4em); }
section { display: flex; flex-direction: column; min-height: 0; }
section h2 { font-size: .9em; margin: .2em 0; }
textarea, iframe, pre.tei, ol { flex: 1; overflow: auto; border: 1px solid #ccc; margin: 0; }
textarea { font: 13px/1.4 ui-monospace, monospace; }
.editor { position: relative; flex: 1; min-height: 0; }
.editor textarea, .editor .highlights {
  position: absolute; inset: 0; margin: 0; padding: 4px; box-sizing: border-box; border: 1px solid #ccc;
  font: 13px/1.4 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: break-word; overflow: auto;
}
.editor textarea { background: transparent; resize: none; }
.editor .highlights { color: transparent; border-color: transparent; pointer-events: none; }
.highlights mark { color: transparent; background: #ffe08a; border-radius: 2px; }
pre.tei { font: 12px/1.35 ui-monospace, monospace; white-space: pre-wrap; }
.tei-tag { color: #1a4f9c; } .tei-attr { color: #8a3b00; } .tei-comment { color: #666; }
.tei-jump::before { content: "▶"; color: #c60; }
pre.tei details, pre.tei summary { display: inline; } pre.tei details[open] { display: block; }
li.error { color: #a00; } li.warning { color: #875b00; }
li button { margin-left: .3em; } li button.chosen { font-weight: bold; }
"""

# The page's behaviour: convert 300 ms after the last keystroke (a newer text
# cancels the older request), show the results, jump to line:col on click,
# and post a chosen alternative, then convert again.
_SCRIPT = """
(() => {
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const text = document.getElementById('transcript');
  const open = document.getElementById('open');
  const status = document.getElementById('status');
  let timer = null, inflight = null;
  const post = (url, body, signal) => fetch(url, {method: 'POST', signal,
    headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token}, body: JSON.stringify(body)});
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  // one pass over the escaped text: a comment, or a tag whose name and attribute names are marked
  const highlight = (xml) => escape(xml).replace(/&lt;!--[\\s\\S]*?-->|&lt;(\\/?[\\w:.-]+)([^>]*)>/g,
    (whole, name, rest) => name === undefined ? `<span class="tei-comment">${whole}</span>`
      : `<span class="tei-tag">&lt;${name}</span>` +
        rest.replace(/([\\w:.-]+)=/g, '<span class="tei-attr">$1</span>=') + '>');
  const offsetOf = (line, col) => {
    const lines = text.value.split('\\n');
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    return offset + Math.max((col || 1) - 1, 0);
  };
  const jump = (line, col) => {
    const offset = offsetOf(line, col);
    text.focus(); text.setSelectionRange(offset, offset + 1);
  };
  // every doubtful decision marked where it stands in the transcription
  const highlights = document.getElementById('highlights');
  let marks = [];
  const paint = () => {
    const value = text.value;
    let html = '', at = 0;
    for (const [start, end] of marks) {
      if (start < at || start >= value.length) continue;
      html += escape(value.slice(at, start)) + '<mark>' + escape(value.slice(start, end)) + '</mark>';
      at = end;
    }
    highlights.innerHTML = html + escape(value.slice(at)) + '\\n';
    highlights.scrollTop = text.scrollTop;
  };
  text.addEventListener('scroll', () => { highlights.scrollTop = text.scrollTop; });
  // a TEI message's line: the place in the TEI pane (a folded header opens), marked for a moment
  const jumpTei = (line) => {
    const pre = document.getElementById('tei');
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    let seen = 1, node;
    while ((node = walker.nextNode())) {
      let at = seen >= line ? 0 : -1, index = -1;
      while (seen < line && (index = node.data.indexOf('\\n', index + 1)) >= 0) { seen++; at = index + 1; }
      if (seen < line) continue;
      const details = node.parentElement.closest('details');
      if (details) details.open = true;
      const mark = document.createElement('span');
      mark.className = 'tei-jump';
      const range = document.createRange();
      range.setStart(node, Math.max(at, 0));
      range.insertNode(mark);
      mark.scrollIntoView({block: 'center'});
      setTimeout(() => mark.remove(), 3000);
      return;
    }
  };
  const show = (result) => {
    document.getElementById('reading').srcdoc = result.reading;
    // the header folded: the body is what changes as one types
    const start = result.tei.indexOf('<teiHeader'), end = result.tei.indexOf('</teiHeader>') + 12;
    document.getElementById('tei').innerHTML = start < 0 || end < 12 ? highlight(result.tei)
      : highlight(result.tei.slice(0, start)) +
        '<details><summary class="tei-tag">&lt;teiHeader&gt; … ▸</summary>' +
        `${highlight(result.tei.slice(start, end))}</details>` +
        highlight(result.tei.slice(end));
    const messages = document.getElementById('messages');
    messages.replaceChildren(...result.messages.map((m) => {
      const item = document.createElement('li');
      item.className = m.severity;
      item.textContent = `${m.where} ${m.line ?? ''}:${m.col ?? ''} ${m.code}: ${m.message}`;
      if (m.where === 'transcript' && m.line) item.onclick = () => jump(m.line, m.col);
      if (m.where === 'tei' && m.line) item.onclick = () => jumpTei(m.line);
      return item;
    }));
    marks = result.decisions
      .map((d) => { const start = offsetOf(d.line, d.col); return [start, start + Math.max(d.text.length, 1)]; })
      .sort((first, second) => first[0] - second[0]);
    paint();
    const decisions = document.getElementById('decisions');
    decisions.replaceChildren(...result.decisions.map((d) => {
      const item = document.createElement('li');
      item.dataset.id = d.id;
      item.textContent = `${d.line}:${d.col} ${d.id}: ${d.chosen}`;
      item.onclick = (event) => { if (event.target === item) jump(d.line, d.col); };
      for (const choice of d.choices) {
        const button = document.createElement('button');
        button.textContent = choice;
        if (choice === d.chosen) button.className = 'chosen';
        button.disabled = !open.value;
        button.onclick = () => decide(d.id, choice);
        item.append(button);
      }
      return item;
    }));
  };
  const convert = async () => {
    if (inflight) inflight.abort();
    inflight = new AbortController();
    const started = performance.now();
    try {
      const response = await post('/workbench/convert', {text: text.value, name: open.value || null}, inflight.signal);
      const result = await response.json();
      if (!response.ok) { status.textContent = result.error; return; }
      show(result);
      status.textContent = `converted in ${Math.round(performance.now() - started)} ms`;
    } catch (error) { if (error.name !== 'AbortError') status.textContent = String(error); }
  };
  const decide = async (id, choice) => {
    const response = await post('/workbench/decide', {name: open.value, id, choice});
    const result = await response.json();
    status.textContent = response.ok ? result.said.join('; ') : result.error;
    if (response.ok) convert();
  };
  const saveButton = document.getElementById('save');
  saveButton.onclick = async () => {
    const response = await post('/workbench/save', {name: open.value, text: text.value});
    const result = await response.json();
    status.textContent = response.ok ? result.said.join('; ') : result.error;
  };
  text.addEventListener('input', () => {
    marks = [];  // the places moved: marked again when the conversion comes back
    paint();
    clearTimeout(timer);
    timer = setTimeout(convert, 300);
  });
  // a file from the editor's machine: read here, converted like a pasted text (the server's size limit holds)
  const upload = document.getElementById('upload');
  upload.addEventListener('change', async () => {
    const file = upload.files[0];
    if (!file) return;
    if (file.size > %(limit)d) { status.textContent = `${file.name}: larger than the workbench takes`; return; }
    text.value = await file.text();
    open.value = '';
    saveButton.disabled = true;  // not a corpus transcript: nothing to save it as
    convert();
  });
  open.addEventListener('change', async () => {
    if (!open.value) return;
    const response = await fetch(`/workbench/transcript/${encodeURIComponent(open.value)}`);
    text.value = await response.text();
    saveButton.disabled = false;
    convert();
  });
})();
"""


# ---- the routes ----------------------------------------------------------------------


def _error(status: int, message: str, diagnostics: list[Diagnostic] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": message}
    if diagnostics:
        body["messages"] = [_message(diagnostic, "transcript") for diagnostic in diagnostics]
    return JSONResponse(body, status_code=status)


def routes(corpus: LiveCorpus, sessions: Sessions | None = None) -> list[BaseRoute]:
    sessions = sessions or Sessions()

    def workbench(request: Request) -> Response:
        session = request.cookies.get(SESSION_COOKIE) or sessions.new_session()
        names = sorted(corpus_transcripts(corpus.corpus))
        # never inside another site's frame: a hidden frame could lead a click onto Save or a decision
        headers = {"X-Frame-Options": "DENY", "Content-Security-Policy": "frame-ancestors 'none'"}
        response = Response(
            page(sessions.token(session), names), media_type="text/html; charset=utf-8", headers=headers
        )
        response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict", path="/workbench")
        return response

    def transcript(request: Request) -> Response:
        found = corpus_transcripts(corpus.corpus).get(request.path_params["name"])
        if found is None:
            return PlainTextResponse("no such transcript in the corpus", status_code=404)
        return PlainTextResponse(found.read_text(encoding="utf-8"))

    async def convert(request: Request) -> Response:
        if not sessions.check(request):
            return _error(403, TOKEN_REFUSED)
        try:
            data = await read_json(request)
            text, name = data.get("text"), data.get("name")
            if not isinstance(text, str) or not (name is None or isinstance(name, str)):
                raise UsageError("give text (a string) and name (a transcript's name, or null)")
            started = time.perf_counter()
            converted = await run_in_threadpool(convert_text, corpus, text, name)
        except BodyTooLarge:
            return _error(413, f"the text is larger than {MAX_BODY // 1024} KB")
        except InputError as error:
            return _error(422, str(error), list(error.diagnostics))
        except EncoderError as error:
            return _error(400, str(error))
        return JSONResponse(
            {
                "tei": converted.tei,
                "reading": converted.reading,
                "messages": converted.messages,
                "decisions": converted.decisions,
                "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
            }
        )

    async def decide(request: Request) -> Response:
        from encoder.commands.decide import record_decision

        if not sessions.check(request):
            return _error(403, TOKEN_REFUSED)
        try:
            data = await read_json(request, limit=16 * 1024)
            name, identifier, choice = data.get("name"), data.get("id"), data.get("choice")
            if not all(isinstance(value, str) for value in (name, identifier, choice)):
                raise UsageError("give name, id and choice")
            found = corpus_transcripts(corpus.corpus).get(str(name))
            if found is None:
                return _error(404, f"no transcript {name!r} in the corpus")

            def write() -> list[str]:
                with corpus.lock:  # two editors deciding at once write the file one after the other
                    return record_decision(found, str(identifier), str(choice))

            said = await run_in_threadpool(write)
        except BodyTooLarge:
            return _error(413, "the request is too large")
        except InputError as error:
            return _error(422, str(error), list(error.diagnostics))
        except EncoderError as error:
            return _error(400, str(error))
        return JSONResponse({"said": said})

    async def save_endpoint(request: Request) -> Response:
        if not sessions.check(request):
            return _error(403, TOKEN_REFUSED)
        try:
            data = await read_json(request)
            name, text = data.get("name"), data.get("text")
            if not isinstance(name, str) or not isinstance(text, str):
                raise UsageError("give name (a transcript of the corpus) and text")
            said = await run_in_threadpool(save, corpus, name, text)
        except BodyTooLarge:
            return _error(413, f"the text is larger than {MAX_BODY // 1024} KB")
        except LookupError:
            return _error(404, "no such transcript in the corpus: the workbench saves the corpus's transcripts")
        except InputError as error:
            return _error(422, str(error), list(error.diagnostics))
        except EncoderError as error:
            return _error(400, str(error))
        return JSONResponse({"said": said})

    return [
        Route("/workbench", workbench),
        Route("/workbench/save", save_endpoint, methods=["POST"]),
        Route("/workbench/transcript/{name:str}", transcript),
        Route("/workbench/convert", convert, methods=["POST"]),
        Route("/workbench/decide", decide, methods=["POST"]),
    ]
