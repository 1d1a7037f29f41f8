"""Coded errors and warnings, in the manner of spaCy's ``Errors`` table.

Every message a user may see has a stable code (``QT0nn``) so it can be
searched for in the README and in issue reports.

The command line's exit codes (``lifecycle.py``, README "Inputs and errors"):
0 success; 1 some inputs failed, the rest processed; 2 usage error, bad rules,
an output that cannot be written, no input readable, a Dask scheduler that
cannot be used (QT060, QT061); 70 internal error (QT053); 130 interrupted
(Ctrl-C), 128 + N for signal N (SIGTERM 143, SIGHUP 129).
"""
from __future__ import annotations


class Errors:
    # rules
    E001 = "[QT001] {path}: rules file is missing (a rules folder needs {expected})"
    E002 = "[QT002] {path}: not valid YAML: {detail}"
    E003 = "[QT003] {path}: top level must be a mapping with 'schema_version' and '{section}'"
    E004 = "[QT004] {path}: schema_version {found!r} is not supported; supported: {supported}"
    E010 = "[QT010] {path} entry {index} ({label!r}): missing required key '{key}'"
    E011 = "[QT011] {path} entry {index} ({label!r}): '{key}' must be {expected}, got {got!r}"
    E012 = "[QT012] {path} entry {index} ({label!r}): unknown key '{key}'; allowed: {allowed}"
    E013 = "[QT013] {path} entry {index} ({label!r}): '{key}' = {got!r} is not allowed; allowed values: {allowed}"
    E014 = "[QT014] {path} entry {index} ({label!r}): duplicate of entry {other} ('{key}' = {value!r})"
    E015 = "[QT015] {path} entry {index} ({label!r}): '{key}' matches the empty string"
    E016 = "[QT016] {path}: section '{section}' must be a list of entries"
    E017 = "[QT017] {path} entry {index} ({label!r}): not a feature the attribution ranker knows (see quotetrack/attribution/features.py); retrain with 'quotetrack train-attribution'"
    E018 = "[QT018] {path} entry {index} ({label!r}): context {got!r} is not a context of targets.yaml (contexts: {allowed}); give a context id or Arabic words"
    E005 = "[QT005] {path}: {size:,} bytes is more than the {limit:,}-byte limit for one rules file"
    E006 = "[QT006] {path}: YAML aliases expand to more than {limit:,} values (an alias bomb?); write the entries out"
    # pipeline
    E020 = "[QT020] rules folder not found: {path}"
    E021 = "[QT021] unknown backend {backend!r}; choose one of: {allowed}"
    E022 = "[QT022] component '{name}' needs '{needs}' earlier in the pipeline"
    # input
    E030 = "[QT030] {path}: cannot decode as {encoding} at byte {offset}: {detail}"
    E031 = "[QT031] {path}: looks like a binary file ({kind}), not text; give a .txt, .html, .jsonl or .csv file"
    E032 = "[QT032] {path}: no such file or directory"
    E033 = "[QT033] {path}: {detail}"
    E034 = "[QT034] {path} {where}: {detail}"
    E035 = "[QT035] {path}: no {column!r} column to read the article text from (columns: {columns}); name it with --text-column"
    E036 = "[QT036] {path}: {detail}"
    E037 = "[QT037] unknown encoding {name!r}; give a Python codec name such as utf-8, utf-16, cp1256 (Windows-1256) or iso-8859-6, or 'auto'"
    E038 = "[QT038] {path}: {size:,} bytes is more than the {limit:,}-byte limit for one article; split the file (records in a .jsonl or .csv file have no such limit)"
    E039 = "[QT039] {path}: no file matches this pattern"
    E050 = "[QT050] {article}: the pipeline failed on this article ({detail}); the other articles were processed. Please report it with the article text"
    E051 = "[QT051] no input could be read ({failed} failed, {where}); no output was written"
    E052 = "[QT052] no articles found in {where}{why}; no output was written"
    E053 = "[QT053] internal error ({detail}); outputs were left as they were. This is a bug: please report it with the command line and the traceback below"
    # udpipe
    E040 = "[QT040] UDPipe model file not found: {path}"
    E041 = "[QT041] {path}: not a loadable UDPipe model ({detail})"
    E042 = "[QT042] the udpipe backend needs a model: pass --udpipe-model PATH or set QUOTETRACK_UDPIPE_MODEL (download one with 'quotetrack models download ar' where the model host can be reached)"
    E043 = "[QT043] could not download the UDPipe model for {lang!r} from {url}: {detail}. Download it by hand on a machine with access, place the .udpipe file anywhere and pass --udpipe-model PATH (or set QUOTETRACK_UDPIPE_MODEL)"
    E044 = "[QT044] UDPipe model {path}: its tokens do not line up with the input text at char {offset} ({detail}); quote offsets would be wrong, so the article is refused"
    # corpus mode
    E060 = "[QT060] --engine dask needs dask[distributed]: pip install 'quotetrack[dask]'"
    # every step of reaching a scheduler is bounded in time (dask_engine: HANDSHAKE_SECONDS, CONNECT_SECONDS)
    E061 = "[QT061] cannot use the Dask scheduler at {address}: {detail}"
    # models and training
    E080 = "[QT080] {path}: a model file quotetrack needs is missing or unreadable ({detail}); reinstall quotetrack, or rebuild it with 'quotetrack train-entities'"
    E081 = "[QT081] this step needs the {package!r} package: pip install 'quotetrack[train]'"
    E082 = "[QT082] {path} line {line}: not NewsFANE/CoNLL data ({detail}); expected 'token<TAB>tag' lines with BIO tags and blank lines between sentences"
    E083 = "[QT083] {path}: {detail}"
    # exports
    E070 = "[QT070] {path}: unknown graph format {ext!r}; name the output .gexf (Gephi), .graphml or .json (node-link)"
    E071 = "[QT071] {path}: unknown {what} format {ext!r}; name the output {allowed}"
    E072 = "[QT072] {path}: more than {limit:,} quotes, the most one Excel sheet holds; write a .csv or .jsonl file instead"


class Warnings:
    W001 = "[QT101] unbalanced {mark!r} at {offset}: {resolution}"
    W002 = "[QT102] quotation opened at {offset} is never closed; closed at {end} ({resolution})"
    W003 = "[QT103] closing mark {mark!r} at {offset} has no opening mark; opened at {start} ({resolution})"


class QuotetrackError(Exception):
    """Base class of every error quotetrack raises on purpose."""


class RulesError(QuotetrackError, ValueError):
    """A rules file is missing, malformed or holds a bad entry."""


class InputError(QuotetrackError):
    """An input file cannot be read as an article."""


class PipelineError(QuotetrackError, ValueError):
    """A stage runs without the stage whose output it needs."""


class ModelError(QuotetrackError):
    """A shipped model or data table is missing, or cannot be trained."""


class BackendError(QuotetrackError):
    """A backend (e.g. a UDPipe model) cannot be loaded."""
