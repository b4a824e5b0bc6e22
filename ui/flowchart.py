"""The Lab's flowchart: trigger → Lambda → OnSuccess / OnFailure → destinations, with the path this run took.

Drawn after AWS's own "Lambda Destinations" picture. The path taken is told three ways at once (an Okabe–Ito
colour, a bold solid line, and a label with counts and times) and unused parts are dashed grey and say
"not used", so the diagram survives greyscale printing, colour blindness and a washed-out projector.
Pure Python: ``build_flowchart`` returns a ``graphviz.Digraph`` (Streamlit renders its DOT in the browser)
and ``describe_flowchart`` says the same in sentences for screen readers.
"""

from __future__ import annotations

import hashlib
import math
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import graphviz

from engine.events import TRIGGERS
from engine.history import Step
from engine.limits import DEFAULT_MAX_EVENT_AGE_SECONDS, DEFAULT_MAX_RETRY_ATTEMPTS
from engine.outcome import Outcome
from engine.scenario import BehaviorSpec, Scenario

from .timeline import (
    SOURCE_LABELS,
    format_clock,
    format_seconds,
    plural,
    short_json,
    step_words,
    target_kind_label,
    target_parts,
)

# Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
BLUE = "#0072B2"  # the path to a success, and the common path
VERMILLION = "#D55E00"  # the path of a failure
# Okabe–Ito's orange, reddish purple and a grey, each darkened to at least 3:1 against white (WCAG 1.4.11: lines
# a learner needs to see; a projector washes light lines out further). The palette's own values were 2.3, 3.1
# and 2.9:1.
ORANGE = "#B87A00"  # back on the queue: retries and throttled tries
PURPLE = "#B85C93"  # a delivery that did not happen
GREY = "#858585"
GREY_TEXT = "#595959"

#: On a synchronous call's diagram every destination edge says this; the legend gives the rule in full. One
#: short label rather than the rule on five edges: the long labels made the diagram too wide to read.
NOT_ASYNC = "not used: async only"
NOT_SET_UP = "not used: the configuration was rejected"
MAX_TIMES = 5

_ROLE_NODES = {"on_success": "success_target", "on_failure": "failure_target", "dead_letter": "dlq"}
_SOURCE_EDGES = {
    "OnSuccess": ("on_success", "success_target"),
    "OnFailure": ("on_failure", "failure_target"),
    "DeadLetterQueue": ("function", "dlq"),
}
#: How each destination service carries the invocation record (AWS_FACTS §5).
_RECORD_AS = {
    "sqs": "record sent as the message body",
    "sns": "record published as the Message",
    "events": "record sent as an event's detail",
    "s3": "record written as an object",
    "lambda": "record sent as the function's event",
}

Edge = tuple[str, str]


@dataclass
class _Element:
    """One node or edge: its text, and how it was used (``colour`` None means not used)."""

    lines: list[str]
    colour: str | None = None
    failed: bool = False  # a delivery that did not happen
    placeholder: bool = False  # nothing is configured here
    current: bool = False


@dataclass
class _Seen:
    """The run up to the chosen step, sorted by what the diagram needs to know."""

    outcome: Outcome
    steps: list[Step]
    index: int | None  # position of the current step in outcome.trace; None shows the whole run
    finished: bool

    @property
    def current(self) -> Step | None:
        return None if self.index is None else self.steps[-1]

    @property
    def main(self) -> str:
        return self.outcome.scenario.function_name

    def of(self, kind: str) -> list[Step]:
        """The main function's steps of one kind (a Lambda destination's own steps are kept apart)."""
        return [s for s in self.steps if s.kind == kind and s.function == self.main]

    def sent(self, kind: str, source: str) -> list[Step]:
        return [s for s in self.of(kind) if s.detail.get("source") == source]

    def unused(self, reason: str = "") -> str:
        """Say "not used" once the run is over and "not used yet" while stepping: the future stays untold."""
        if not self.finished:
            return "not used yet"
        return f"not used: {reason}" if reason else "not used"


@dataclass
class _Plan:
    nodes: dict[str, _Element] = field(default_factory=dict)
    edges: dict[Edge, _Element] = field(default_factory=dict)


# --- reading the run ----------------------------------------------------------------------------------------

def _seen(outcome: Outcome, step: int | None) -> _Seen:
    trace = outcome.trace
    if step is None or not trace:
        return _Seen(outcome, trace, None, True)
    index = min(max(step, 0), len(trace) - 1)
    return _Seen(outcome, trace[: index + 1], index, index == len(trace) - 1)


def _times(steps: list[Step], attribute: str = "") -> str:
    """``0 s, 60.1 s, 180.2 s`` (or a detail value of each step), cut after a few."""
    values = [s.detail.get(attribute, 0) if attribute else s.time for s in steps]
    text = ", ".join(format_seconds(v) for v in values[:MAX_TIMES])
    return text + (", …" if len(values) > MAX_TIMES else "")


@lru_cache(maxsize=4096)
def _wrap_cached(text: str, width: int) -> tuple[str, ...]:
    return tuple(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""])


def _wrap(text: str, width: int = 40) -> list[str]:
    """Lines for a label; ARNs and other long words stay whole so they can be read and copied.

    Remembered: the same lines come back on every step and every run, and wrapping is slow.
    """
    return list(_wrap_cached(text, width))


def _is_main_invoke(step: Step) -> bool:
    """A call the trigger made (not a duplicate copy, not a destination's invocation)."""
    return not step.detail.get("duplicate_of") and not step.detail.get("caller")


# --- what each part of the diagram says ---------------------------------------------------------------------

def behaviour_text(spec: BehaviorSpec, timeout: int) -> str:
    """The function's behaviour in a few words, as the Lab form configured it."""
    error = f"{spec.error_type}: {spec.message}"
    return {
        "succeed": f"returns {short_json(spec.result, 30)}",
        "fail": f"raises {error}",
        "timeout": f"runs past its {timeout} s timeout (Sandbox.Timedout)",
        "crash": "crashes (Runtime.ExitError)",
        "out_of_memory": "runs out of memory (Runtime.OutOfMemory)",
        "fail_first": (f"raises {spec.error_type} on the first {plural(spec.fail_count, 'attempt')}, "
                       "then succeeds"),
        "flaky": f"raises {spec.error_type} on {spec.probability:.0%} of attempts (seeded)",
    }[spec.kind]


def _reserved_line(scenario: Scenario) -> str:
    """Reserved concurrency limits every invocation of the function, synchronous ones too (they get a 429)."""
    reserved = scenario.reserved_concurrency
    return "reserved concurrency: " + {None: "not set", 0: "0 (it never runs)"}.get(reserved, str(reserved))


def _async_lines(scenario: Scenario) -> list[str]:
    """The event invoke configuration: it applies only to asynchronous invocations."""
    retries = scenario.max_retry_attempts
    age = scenario.max_event_age
    retry_text = f"{DEFAULT_MAX_RETRY_ATTEMPTS} (default)" if retries is None else str(retries)
    age_text = (f"{DEFAULT_MAX_EVENT_AGE_SECONDS:,} s = 6 h (default)" if age is None else f"{age:,} s")
    return [f"retries {retry_text}", f"max event age {age_text}"]


def _function_node(seen: _Seen) -> _Element:
    scenario = seen.outcome.scenario
    heading = [] if scenario.is_async else ["async settings, unused by sync calls:"]
    lines = ["AWS Lambda function", scenario.function_name,
             *_wrap(behaviour_text(scenario.behavior, scenario.timeout), 44),
             f"timeout {scenario.timeout} s", _reserved_line(scenario), *heading, *_async_lines(scenario)]
    reached = seen.of("start") or seen.of("final") or seen.of("throttled") or seen.of("rejected")
    return _Element(lines, BLUE if reached else None)


def _trigger_node(seen: _Seen) -> _Element:
    scenario = seen.outcome.scenario
    invocation_type = scenario.effective_invocation_type
    if scenario.trigger == "sdk":
        lines = ["SDK / CLI", f"InvocationType={invocation_type}"]
    else:
        how = "asynchronously" if scenario.is_async else "synchronously"
        lines = [TRIGGERS[scenario.trigger].label, f"invokes {how} ({invocation_type})"]
    reached = [s for s in seen.of("received") + seen.of("rejected") if _is_main_invoke(s)]
    return _Element(lines, BLUE if reached else None)


def _target_node(seen: _Seen, role: str) -> _Element:
    """A destination or DLQ node: service and name, or a dotted placeholder when none is configured."""
    outcome = seen.outcome
    title = {"on_success": "OnSuccess destination", "on_failure": "OnFailure destination",
             "dead_letter": "Dead-letter queue"}[role]
    spec = getattr(outcome.scenario, role)
    if spec is None:
        return _Element([f"No {title.lower() if role == 'dead_letter' else title}", "configured"],
                        placeholder=True)
    service, name = target_parts(outcome.targets[role])
    lines = [title, service, name]
    if spec.fifo and spec.service in ("sqs", "sns"):
        lines.append("(FIFO: not supported as a target)")
    if not spec.exists:
        lines.append("(does not exist)")
    source = {"on_success": "OnSuccess", "on_failure": "OnFailure", "dead_letter": "DeadLetterQueue"}[role]
    delivered, failed = seen.sent("delivered", source), seen.sent("delivery_failed", source)
    endings = _destination_endings(seen, name) if spec.service == "lambda" else ""
    if endings:
        lines.append(f"then ran: {endings}")
    colour = (BLUE if role == "on_success" else VERMILLION) if delivered else (PURPLE if failed else None)
    return _Element(lines, colour, failed=bool(failed and not delivered))


def _destination_endings(seen: _Seen, function: str) -> str:
    """How a Lambda destination's own async invocations ended so far (``Success ×1``), or ""."""
    finals = [s for s in seen.steps if s.kind == "final" and s.function == function]
    counts = Counter(s.detail.get("condition", "") for s in finals)
    return ", ".join(f"{condition} ×{count}" for condition, count in counts.items())


def _invoke_edge(seen: _Seen) -> _Element:
    scenario = seen.outcome.scenario
    received = [s for s in seen.of("received") if _is_main_invoke(s)]
    duplicates = [s for s in seen.of("received") if s.detail.get("duplicate_of")]
    rejected = [s for s in seen.of("rejected") if not s.request_id]
    lines = []
    if received:
        if scenario.is_async:
            lines += ["Invoke, InvocationType=Event", f"{plural(len(received), 'event')} · 202 Accepted",
                      f"at {_times(received)}"]
        else:
            lines += ["Invoke, InvocationType=RequestResponse", f"{plural(len(received), 'call')} at "
                      f"{_times(received)}", "the caller waits"]
    if duplicates:
        lines.append(f"+ {plural(len(duplicates), 'duplicate copy', 'duplicate copies')} (at least once)")
    for code, count in Counter(f"{s.detail.get('status')} {s.detail.get('code')}" for s in rejected).items():
        lines.append(f"{count} rejected: {code}")
    if not lines:
        return _Element([seen.unused()])
    return _Element(lines, BLUE if received else VERMILLION)


def _poll_edge(seen: _Seen) -> _Element:
    starts = seen.of("start")
    zero = [s for s in seen.of("final") if s.detail.get("condition") == "ZeroReservedConcurrency"]
    if starts:
        events = len({s.request_id for s in starts})
        suffix = f" for {plural(events, 'event')}" if events > 1 else ""
        return _Element([f"{plural(len(starts), 'attempt')}{suffix}", _times(starts)], BLUE)
    if zero:
        return _Element(["0 attempts: reserved concurrency is 0", "straight to failure handling"], VERMILLION)
    if seen.of("throttled"):
        return _Element([f"0 attempts{'' if seen.finished else ' so far'}: every try was throttled"], ORANGE)
    return _Element([seen.unused()])


def _requeue_edge(seen: _Seen) -> _Element:
    retries, throttles = seen.of("retry"), seen.of("throttled")
    lines = []
    if retries:
        lines += [f"{plural(len(retries), 'retry', 'retries')} after function errors",
                  f"waits {_times(retries, 'delay')}"]
    if throttles:
        lines += [f"{plural(len(throttles), 'throttled try', 'throttled tries')} (no free concurrency)",
                  f"backoff {_times(throttles, 'backoff')}"]
    if not lines:
        return _Element([seen.unused("no retries or throttles")])
    return _Element(["back on the queue:", *lines], ORANGE)


def _conditions(finals: list[Step]) -> list[str]:
    if len(finals) == 1:
        detail = finals[0].detail
        count = detail.get("approximate_invoke_count")
        return [detail.get("condition", ""), f"approximateInvokeCount {count}"]
    counts = Counter(s.detail.get("condition", "") for s in finals)
    return [f"{condition} ×{count}" for condition, count in counts.items()]


def _branch_edge(seen: _Seen, success: bool) -> _Element:
    if not seen.outcome.scenario.is_async:
        return _Element([NOT_ASYNC])
    finals = [s for s in seen.of("final") if (s.detail.get("condition") == "Success") == success]
    if not finals:
        return _Element([seen.unused("no event succeeded" if success else "no event failed")])
    return _Element(_conditions(finals), BLUE if success else VERMILLION)


def _delivery_edge(seen: _Seen, source: str) -> _Element:
    """A branch to its target: what was sent and when, or why the delivery failed."""
    scenario = seen.outcome.scenario
    role = {"OnSuccess": "on_success", "OnFailure": "on_failure", "DeadLetterQueue": "dead_letter"}[source]
    spec = getattr(scenario, role)
    if not scenario.is_async:
        return _Element([NOT_ASYNC])
    delivered, failed = seen.sent("delivered", source), seen.sent("delivery_failed", source)
    if spec is None:
        return _Element([f"not used: no {SOURCE_LABELS[source]} configured"])
    lines = []
    if delivered:
        what = ("original event + RequestID, ErrorCode, ErrorMessage" if source == "DeadLetterQueue"
                else _RECORD_AS.get(delivered[0].detail.get("service", ""), "record sent"))
        lines += [what, f"delivered at {_times(delivered)}"]
    for reason, steps in _group_reasons(failed).items():
        lines += [f"✗ delivery failed at {_times(steps)}:", *_wrap(reason, 44)]
    if not lines:
        return _Element([seen.unused("no event failed" if source != "OnSuccess" else "no event succeeded")])
    colour = PURPLE if failed and not delivered else (BLUE if source == "OnSuccess" else VERMILLION)
    return _Element(lines, colour, failed=bool(failed))


def _group_reasons(failed: list[Step]) -> dict[str, list[Step]]:
    groups: dict[str, list[Step]] = {}
    for step in failed:
        groups.setdefault(step.detail.get("reason", ""), []).append(step)
    return groups


def _response_edge(seen: _Seen) -> _Element:
    responses = seen.of("response")
    throttled = [s for s in seen.of("rejected") if s.request_id]
    lines = []
    errors = [s for s in responses if s.detail.get("function_error")]
    results = [s for s in responses if not s.detail.get("function_error")]
    if results:
        lines += ["200 · the function's result", f"at {_times(results)}"]
    if errors:
        types = sorted({str((s.detail.get("payload") or {}).get("errorType", "")) for s in errors})
        lines += [f"200 · FunctionError: Unhandled ({', '.join(types)})", f"at {_times(errors)}"]
    for step in throttled:
        lines.append(f"{step.detail.get('status')} {step.detail.get('code')}: {step.detail.get('message')}")
    if not lines:
        return _Element([seen.unused()])
    return _Element(lines, VERMILLION if errors or throttled else BLUE)


# --- the plan: every node and edge with its state -----------------------------------------------------------

def _plan(seen: _Seen) -> _Plan:
    outcome = seen.outcome
    scenario = outcome.scenario
    plan = _Plan()
    plan.nodes["trigger"] = _trigger_node(seen)
    plan.nodes["function"] = _function_node(seen)
    if scenario.is_async:
        plan.nodes["queue"] = _Element(["Internal event queue", "(asynchronous invocations)"],
                                       BLUE if seen.of("received") else None)
        plan.edges["trigger", "queue"] = _invoke_edge(seen)
        plan.edges["queue", "function"] = _poll_edge(seen)
        plan.edges["function", "queue"] = _requeue_edge(seen)
    else:
        plan.nodes["caller"] = _Element(["Caller receives the response", "(it waited for the result)"])
        plan.edges["trigger", "function"] = _invoke_edge(seen)
        plan.edges["function", "caller"] = _response_edge(seen)
        plan.nodes["caller"].colour = plan.edges["function", "caller"].colour
    for success, branch in ((True, "on_success"), (False, "on_failure")):
        edge = _branch_edge(seen, success)
        plan.edges["function", branch] = edge
        plan.nodes[branch] = _branch_node(success, edge.colour)
    for role, node in _ROLE_NODES.items():
        plan.nodes[node] = _target_node(seen, role)
    for source, edge_id in _SOURCE_EDGES.items():
        plan.edges[edge_id] = _delivery_edge(seen, source)
    if outcome.setup_error is not None:
        _note_setup_error(plan, outcome)
    _mark_current(plan, seen)
    return plan


def _branch_node(success: bool, colour: str | None) -> _Element:
    if success:
        return _Element(["OnSuccess", "condition: Success"], colour)
    return _Element(["OnFailure", "retries exhausted,", "too old, or reserved", "concurrency 0"], colour)


def _note_setup_error(plan: _Plan, outcome: Outcome) -> None:
    """Nothing ran: every edge says so, and a note points at the setting AWS refused."""
    error = outcome.setup_error
    assert error is not None
    for edge in plan.edges.values():
        edge.lines, edge.colour, edge.failed = ["not used"], None, False
    plan.edges["trigger", "queue" if outcome.scenario.is_async else "function"].lines = [NOT_SET_UP]
    # The message itself is in the error box above every diagram (and in the text description): quoting AWS's
    # long, unbreakable config dump here made the note, and so the whole diagram, too wide to read.
    lines = ["⚠ Configuration rejected", error.code, "Nothing was invoked."]
    plan.nodes["setup_error"] = _Element(lines, VERMILLION)
    plan.edges["setup_error", _ROLE_NODES.get(error.field, "function")] = _Element(
        [f"refused setting: {error.field}"], VERMILLION)


def current_element(outcome: Outcome, step: Step) -> str | Edge:
    """Where a trace step happens on the diagram: the node or edge to mark "now"."""
    main = outcome.scenario.function_name
    if step.function != main:
        lambda_roles = [r for r in ("on_success", "on_failure")
                        if outcome.targets.get(r, "").endswith(f":function:{step.function}")]
        return _ROLE_NODES[lambda_roles[0]] if lambda_roles else "function"
    entry = "queue" if outcome.scenario.is_async else "function"
    kind = step.kind
    if kind in ("delivered", "delivery_failed"):
        return _SOURCE_EDGES.get(step.detail.get("source", ""), "function")
    if kind == "final":
        return ("function", "on_success" if step.detail.get("condition") == "Success" else "on_failure")
    if kind == "rejected" and step.request_id and not outcome.scenario.is_async:
        return ("function", "caller")
    return {
        "received": ("trigger", entry),
        "rejected": ("trigger", entry),
        "start": ("queue", "function") if outcome.scenario.is_async else "function",
        "end": "function",
        "retry": ("function", "queue"),
        "throttled": ("function", "queue"),
        "response": ("function", "caller"),
    }.get(kind, "function")


def _mark_current(plan: _Plan, seen: _Seen) -> None:
    if seen.current is None:
        return
    place = current_element(seen.outcome, seen.current)
    element = plan.edges.get(place) if isinstance(place, tuple) else plan.nodes.get(place)
    if element is not None:
        element.current = True
        element.lines = [f"▶ now: {step_words(seen.outcome, seen.current)[0]}", *element.lines]


# --- drawing ------------------------------------------------------------------------------------------------

def _label(lines: list[str], width: int | None = None) -> str:
    """Lines joined with DOT's centred line break; backslashes and ``<…>`` stay literal text.

    Edge labels are wrapped to ``width`` so the diagram stays narrow enough to read when scaled to the page.
    """
    if width is not None:
        lines = [part for line in lines for part in _wrap(line, width)]
    return graphviz.nohtml("\\n".join(graphviz.escape(line) for line in lines))


_SHAPES = {"trigger": "box", "queue": "cylinder", "function": "box", "on_success": "ellipse",
           "on_failure": "ellipse", "caller": "box", "setup_error": "note"}


def _node_attrs(name: str, element: _Element, width: float) -> dict[str, str]:
    rounded = "" if _SHAPES.get(name, "box") in ("cylinder", "ellipse", "note") else "rounded,"
    if element.colour is None:
        style = "dotted" if element.placeholder else "dashed"
        return {"shape": _SHAPES.get(name, "box"), "style": f"{rounded}{style}", "color": GREY,
                "fontcolor": GREY_TEXT, "penwidth": "1"}
    return {"shape": _SHAPES.get(name, "box"), "style": f"{rounded}bold,filled", "fillcolor": "white",
            "color": element.colour, "fontcolor": "black",
            "penwidth": str(width * (2 if element.current else 1)),
            "peripheries": "2" if element.failed else "1"}


def _edge_attrs(element: _Element, width: float) -> dict[str, str]:
    if element.colour is None:
        return {"color": GREY, "fontcolor": GREY_TEXT, "style": "dashed", "penwidth": "1"}
    attrs = {"color": element.colour, "fontcolor": "black", "style": "bold",
             "penwidth": str(width * (2 if element.current else 1))}
    if element.failed:
        attrs["arrowhead"] = "tee"  # the delivery stopped short of its target
    return attrs


LEGEND = ("Solid bold lines: the path this run took (blue: success, vermillion: failure, "
          "orange: back on the queue; ⊣ a delivery that failed). Dashed grey: not used.")
SYNC_RULE = ("Destinations and the dead-letter queue apply only to asynchronous invocations, so this "
             "synchronous call uses none of them.")


def legend(outcome: Outcome) -> str:
    """The key under the diagram; a synchronous call's also says why its targets are "async only"."""
    return LEGEND if outcome.scenario.is_async else f"{LEGEND} {SYNC_RULE}"


#: How much larger presenter mode makes the whole page (``html { font-size }``; see ui.lab_page).
PRESENTER_ZOOM = 1.4
#: Streamlit's stylesheet draws every text of a graphviz chart at 0.6 rem, whatever fontsize the DOT gives:
#: 9.6 units of the drawing at the browser's usual 16 px root. Graphviz places and sizes everything from the
#: DOT fontsize, so the drawing asks for the size the browser will really use (rounded up: the layout
#: measures Helvetica, wider than Streamlit's Source Sans), and boxes and lines fit their text.
RENDERED_FONT_SIZE = 0.6 * 16


#: Edge labels wrap at this many characters, so the diagram stays narrow enough to read in its column.
EDGE_LABEL_WRAP = 34


#: A synchronous call's response goes back up to a caller drawn beside the trigger, as a request and its
#: reply do; this also keeps the caller off the row of unused targets, which made the diagram too wide.
#: (An anonymous subgraph, written as ``Digraph.subgraph()`` writes it.)
CALLER_BESIDE_TRIGGER = "\t{\n\t\trank=same\n\t\ttrigger\n\t\tcaller\n\t}\n"


def drawing_sizes(presenter: bool) -> tuple[str, float]:
    """The DOT fontsize and the bold line width, normal or for a projector."""
    zoom = PRESENTER_ZOOM if presenter else 1.0
    return f"{math.ceil(RENDERED_FONT_SIZE * zoom):d}", 2.0 * zoom


def build_flowchart(outcome: Outcome, step: int | None = None, presenter: bool = False) -> graphviz.Digraph:
    """The diagram of ``outcome``; with ``step`` (an index into outcome.trace), only what happened so far.

    The statements are written as DOT lines here and handed to ``graphviz.Digraph`` as its body: the same
    text the package's ``node``/``edge`` calls produce (a test compares them), in a fifth of the time, which
    every click of the Lab pays.
    """
    plan = _plan(_seen(outcome, step))
    size, width = drawing_sizes(presenter)
    body = [
        _statement(None, None, {"rankdir": "TB", "bgcolor": "white", "fontname": "Helvetica", "fontsize": size,
                                   "nodesep": "0.35", "ranksep": "0.6",
                                   "label": _label(_wrap(legend(outcome), 90)), "labelloc": "b"}),
        _statement("node", None, {"fontname": "Helvetica", "fontsize": size, "margin": "0.15,0.08"}),
        _statement("edge", None, {"fontname": "Helvetica", "fontsize": size}),
    ]
    for name, element in plan.nodes.items():
        body.append(_statement(_dot_id(name), _label(element.lines), _node_attrs(name, element, width)))
    for (tail, head), element in plan.edges.items():
        attrs = _edge_attrs(element, width)
        if (tail, head) == ("function", "queue"):
            attrs["constraint"] = "false"
        body.append(_statement(f"{_dot_id(tail)} -> {_dot_id(head)}", _label(element.lines, EDGE_LABEL_WRAP), attrs))
    if "caller" in plan.nodes:
        body.append(CALLER_BESIDE_TRIGGER)
    return graphviz.Digraph(drawing_name(body), body=body)


def drawing_name(body: list[str]) -> str:
    """The graph's name: different for every different drawing, the same for the same drawing.

    The browser (d3-graphviz in Streamlit) matches the new drawing's elements to the old one's by name. When
    they match it computes a transition for every line, sampling it point by point: 400–600 ms per redraw on a
    slow machine. Under a new graph name every element is simply drawn anew, in about a fifth of the time.
    """
    return "flowchart_" + hashlib.blake2s("".join(body).encode(), digest_size=4).hexdigest()


_PLAIN_ID = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))$")
_DOT_KEYWORDS = {"node", "edge", "graph", "digraph", "subgraph", "strict"}
_UNESCAPED_QUOTE = re.compile(r'(?P<backslashes>(?:\\{2})*)\\?(?P<quote>")')


@lru_cache(maxsize=8192)
def _dot_id(value: str) -> str:
    """A DOT ID, quoted only when it must be, as graphviz.quoting.quote does for plain (non-HTML) strings.

    Remembered: attribute names, colours and most labels repeat on every drawing.
    """
    if _PLAIN_ID.match(value) and value.lower() not in _DOT_KEYWORDS:
        return value
    return '"' + _UNESCAPED_QUOTE.sub(r'\g<backslashes>\\\g<quote>', value) + '"'


def _statement(head: str | None, label: str | None, attrs: dict[str, str]) -> str:
    """One DOT statement line: the label first, then the attributes sorted by name, as the package writes.

    Without a head it is a bare list of graph attributes (``a=b c=d``), as ``Digraph.attr()`` writes.
    """
    parts = [f"label={_dot_id(label)}"] if label is not None else []
    parts += [f"{_dot_id(key)}={_dot_id(value)}" for key, value in sorted(attrs.items())]
    return f"\t{' '.join(parts)}\n" if head is None else f"\t{head} [{' '.join(parts)}]\n"


# --- the same diagram in words ------------------------------------------------------------------------------

def describe_flowchart(outcome: Outcome, step: int | None = None) -> str:
    """The diagram in plain English for screen readers: who invoked what, attempts, where each result went."""
    seen = _seen(outcome, step)
    scenario = outcome.scenario
    paragraphs = [_describe_setup(seen)]
    if outcome.setup_error is not None:
        error = outcome.setup_error
        paragraphs.append(f"The configuration was rejected before anything was invoked: {error.code}: "
                          f"{error.message} (setting: {error.field}). Nothing ran and nothing was delivered.")
        return "\n\n".join(paragraphs)
    paragraphs.append(_describe_invocations(seen))
    if scenario.is_async:
        paragraphs += [_describe_endings(seen), *_describe_targets(seen)]
    else:
        paragraphs += [_describe_response(seen), _describe_sync_unused(seen)]
    if seen.current is not None and seen.index is not None:
        title = step_words(outcome, seen.current)[0]
        later = ("This is the last step." if seen.index + 1 == len(outcome.trace)
                 else "Later steps are not shown yet.")
        paragraphs.append(f"Showing step {seen.index + 1} of {len(outcome.trace)} at "
                          f"{format_clock(seen.current.time)}: {title}. {later}")
    return "\n\n".join(p for p in paragraphs if p)


def _describe_setup(seen: _Seen) -> str:
    scenario = seen.outcome.scenario
    caller = "The AWS SDK or CLI" if scenario.trigger == "sdk" else TRIGGERS[scenario.trigger].label
    how = ("asynchronously (InvocationType Event, through Lambda's internal event queue)" if scenario.is_async
           else "synchronously (InvocationType RequestResponse: the caller waits for the response)")
    settings = "; ".join(_async_lines(scenario))
    if not scenario.is_async:
        settings = f"its async settings, which synchronous calls do not use, are {settings}"
    return (f"Flowchart. {caller} invokes the Lambda function {scenario.function_name} {how}. "
            f"The function {behaviour_text(scenario.behavior, scenario.timeout)}; timeout "
            f"{scenario.timeout} s; {_reserved_line(scenario)}; {settings}.")


def _describe_invocations(seen: _Seen) -> str:
    received = [s for s in seen.of("received") if _is_main_invoke(s)]
    starts, retries, throttles = seen.of("start"), seen.of("retry"), seen.of("throttled")
    # A synchronous call is answered only after it runs (or is throttled): it is received, not accepted.
    verb = "accepted" if seen.outcome.scenario.is_async else "received"
    sentences = [f"{plural(len(received), 'invocation was', 'invocations were')} {verb}"
                 + (f" at {_times(received)}." if received else ".")]
    duplicates = [s for s in seen.of("received") if s.detail.get("duplicate_of")]
    if duplicates:
        copies = plural(len(duplicates), "duplicate copy", "duplicate copies")
        sentences.append(f"Lambda's queue also delivered {copies} of accepted events (delivery is at least "
                         "once); each copy runs the function like an event of its own.")
    rejected = seen.of("rejected")
    if rejected:
        codes = ", ".join(sorted({f"{s.detail.get('status')} {s.detail.get('code')}" for s in rejected}))
        sentences.append(f"{plural(len(rejected), 'call was', 'calls were')} rejected ({codes}).")
    if starts:
        sentences.append(f"The function ran {plural(len(starts), 'time')}, starting at {_times(starts)}.")
    else:
        sentences.append("The function has not run.")
    if retries:
        sentences.append(f"{plural(len(retries), 'retry was', 'retries were')} scheduled after function "
                         f"errors, waiting {_times(retries, 'delay')}.")
    if throttles:
        sentences.append(f"{plural(len(throttles), 'try was', 'tries were')} throttled and put back on the "
                         f"queue with backoff {_times(throttles, 'backoff')}; in this simulator "
                         "throttled tries are not attempts.")
    return " ".join(sentences)


def _describe_endings(seen: _Seen) -> str:
    finals = seen.of("final")
    if not finals:
        return "No event has finished yet."
    counts = Counter((s.detail.get("condition"), s.detail.get("approximate_invoke_count")) for s in finals)
    parts = [f"{n} × {condition} (approximateInvokeCount {count})"
             for (condition, count), n in counts.items()]
    text = f"{plural(len(finals), 'event')} finished: {'; '.join(parts)}."
    if ("ZeroReservedConcurrency", 0) in counts:
        text += (" Reserved concurrency is 0, so Lambda sent the event to failure handling at once, "
                 "without retries.")
    return text


def _describe_targets(seen: _Seen) -> list[str]:
    """Where each result went, which targets failed, and which were not used and why."""
    outcome = seen.outcome
    sentences = []
    for role, source in (("on_success", "OnSuccess"), ("on_failure", "OnFailure"),
                         ("dead_letter", "DeadLetterQueue")):
        label = SOURCE_LABELS[source]
        if getattr(outcome.scenario, role) is None:
            sentences.append(f"No {label} is configured.")
            continue
        target = target_kind_label(outcome.targets[role])
        spec = getattr(outcome.scenario, role)
        if spec.fifo and spec.service in ("sqs", "sns"):
            target += " (FIFO, which is not supported as a target)"
        if not spec.exists:
            target += " (which does not exist)"
        delivered, failed = seen.sent("delivered", source), seen.sent("delivery_failed", source)
        what = "The original event" if source == "DeadLetterQueue" else "The invocation record"
        if delivered:
            sentences.append(f"{what} was delivered to the {label}, {target}, at {_times(delivered)}.")
            name = target_parts(outcome.targets[role])[1]
            endings = _destination_endings(seen, name) if delivered[0].detail.get("service") == "lambda" else ""
            if endings:
                sentences.append(f"{name} was invoked with the record as its event, and its own run ended: "
                                 f"{endings}.")
        for reason, steps in _group_reasons(failed).items():
            sentences.append(f"Delivery to the {label}, {target}, failed at {_times(steps)}: {reason}.")
        if not delivered and not failed:
            why = "no event succeeded" if source == "OnSuccess" else "no event failed"
            verb = "was not used" if seen.finished else "has not been reached yet"
            sentences.append(f"The {label}, {target}, {verb}" + (f": {why}." if seen.finished else "."))
    return [" ".join(sentences)]


def _describe_response(seen: _Seen) -> str:
    element = _response_edge(seen)
    if element.colour is None:
        return "The caller has not received a response yet."
    return "The caller received: " + "; ".join(element.lines).removesuffix(".") + "."


def _describe_sync_unused(seen: _Seen) -> str:
    outcome = seen.outcome
    configured = [f"the {SOURCE_LABELS[source]} {target_kind_label(outcome.targets[role])}"
                  for role, source in (("on_success", "OnSuccess"), ("on_failure", "OnFailure"),
                                       ("dead_letter", "DeadLetterQueue"))
                  if getattr(outcome.scenario, role) is not None]
    rule = ("Destinations and dead-letter queues apply only to asynchronous invocations, so a synchronous "
            "call never uses them; the caller handles the result or error itself.")
    if not configured:
        return rule
    return f"Not used: {', '.join(configured)}. {rule}"
