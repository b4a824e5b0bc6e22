"""The Lab flowchart: the path a run took, told by colour, line style and label, step by step."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from scenario_strategies import scenarios
from view_scenarios import SCENARIOS, outcome

from engine.scenario import BehaviorSpec, Scenario, TargetSpec
from ui.flowchart import (
    BLUE,
    GREY,
    ORANGE,
    PRESENTER_ZOOM,
    PURPLE,
    RENDERED_FONT_SIZE,
    SYNC_RULE,
    VERMILLION,
    build_flowchart,
    describe_flowchart,
    drawing_sizes,
)


def source(name: str, step: int | None = None, presenter: bool = False) -> str:
    return build_flowchart(outcome(name), step, presenter).source


def edge(dot: str, tail: str, head: str) -> str:
    """The edge's DOT line; its label's line breaks (wrapped to keep the diagram narrow) read as spaces."""
    lines = [line for line in dot.splitlines() if line.strip().startswith(f"{tail} -> {head} [")]
    assert len(lines) == 1, f"expected one edge {tail} -> {head}"
    return lines[0].replace("\\n", " ")


def node(dot: str, name: str) -> str:
    lines = [line for line in dot.splitlines() if line.strip().startswith(f"{name} [")]
    assert len(lines) == 1, f"expected one node {name}"
    return lines[0]


def taken(line: str, colour: str) -> bool:
    """Drawn as part of the path: the colour AND a bold solid line."""
    return f'color="{colour}"' in line and "style=bold" in line


def not_used(line: str) -> bool:
    """Drawn as unused: grey AND dashed AND labelled "not used"."""
    return f'color="{GREY}"' in line and "style=dashed" in line and "not used" in line


# --- the path taken ---------------------------------------------------------------------------------------

def test_an_async_success_is_drawn_blue_and_bold_from_the_trigger_to_the_sqs_destination():
    dot = source("success_sqs")
    for tail, head in (("trigger", "queue"), ("queue", "function"), ("function", "on_success"),
                       ("on_success", "success_target")):
        assert taken(edge(dot, tail, head), BLUE)
    assert "Amazon SQS\\norders-success" in node(dot, "success_target")
    assert "Invoke, InvocationType=Event 1 event · 202 Accepted at 0 s" in edge(dot, "trigger", "queue")
    assert "delivered at 0.1 s" in edge(dot, "on_success", "success_target")
    assert not_used(edge(dot, "function", "on_failure"))


def test_a_failure_after_retries_is_drawn_vermillion_to_the_on_failure_queue_and_the_dlq():
    dot = source("failure_sqs_sns_dlq")
    assert taken(edge(dot, "function", "on_failure"), VERMILLION)
    assert taken(edge(dot, "on_failure", "failure_target"), VERMILLION)
    assert taken(edge(dot, "function", "dlq"), VERMILLION)
    assert "Amazon SQS\\norders-failures" in node(dot, "failure_target")
    assert "Amazon SNS\\norders-dlq" in node(dot, "dlq")
    assert not_used(edge(dot, "function", "on_success"))


def test_edges_carry_attempt_counts_retry_waits_and_delivery_times():
    dot = source("failure_sqs_sns_dlq")
    assert "3 attempts 0 s, 60.1 s, 180.2 s" in edge(dot, "queue", "function")
    retries = edge(dot, "function", "queue")
    assert taken(retries, ORANGE) and "2 retries" in retries and "60 s, 120 s" in retries
    assert "RetriesExhausted approximateInvokeCount 3" in edge(dot, "function", "on_failure")
    assert "delivered at 180.3 s" in edge(dot, "on_failure", "failure_target")
    assert "original event + RequestID, ErrorCode, ErrorMessage" in edge(dot, "function", "dlq")


def test_the_function_node_shows_its_behaviour_and_async_settings():
    function = node(source("failure_sqs_sns_dlq"), "function")
    for text in ("orders", "raises ValueError: bad order", "retries 2 (default)", "21,600 s = 6 h (default)",
                 "reserved concurrency: not set"):
        assert text in function
    assert "reserved concurrency: 1" in node(source("throttled"), "function")


def test_every_edge_is_either_bold_and_coloured_or_dashed_grey_so_greyscale_still_reads():
    for name in SCENARIOS:
        for line in source(name).splitlines():
            if " -> " in line:
                assert ("style=bold" in line) != ("style=dashed" in line), line
                assert ("style=dashed" in line) == (f'color="{GREY}"' in line), line


# --- synchronous calls ------------------------------------------------------------------------------------

def test_a_sync_call_draws_destinations_and_dlq_as_not_used_because_they_are_async_only():
    dot = source("sync_api_gateway")
    for tail, head in (("function", "on_success"), ("function", "on_failure"), ("function", "dlq"),
                       ("on_success", "success_target"), ("on_failure", "failure_target")):
        assert not_used(edge(dot, tail, head)) and "not used: async only" in edge(dot, tail, head)
    assert "queue [" not in dot
    assert "Amazon API Gateway" in node(dot, "trigger")


def test_a_sync_call_states_the_async_only_rule_once_in_its_legend_and_an_async_call_does_not():
    assert SYNC_RULE in source("sync_api_gateway").replace("\\n", " ")
    assert "apply only to asynchronous" not in source("success_sqs").replace("\\n", " ")


def test_a_sync_call_draws_the_caller_beside_the_trigger_and_an_async_call_has_no_caller():
    assert "{\n\t\trank=same\n\t\ttrigger\n\t\tcaller\n\t}" in source("sync_api_gateway")
    assert "rank=same" not in source("success_sqs")


def test_a_sync_call_ends_at_the_caller_with_the_response():
    assert taken(edge(source("sync_api_gateway"), "function", "caller"), BLUE)
    failed = edge(source("sync_failure"), "function", "caller")
    assert taken(failed, VERMILLION) and "FunctionError: Unhandled (ValueError)" in failed
    throttled = edge(source("sync_zero_concurrency"), "function", "caller")
    assert "429 TooManyRequestsException: Rate Exceeded." in throttled


# --- every target service, and deliveries that fail -------------------------------------------------------

@pytest.mark.parametrize(("name", "target", "text"), [
    ("eventbridge", "success_target", "Amazon EventBridge\\norders-success"),
    ("s3", "failure_target", "Amazon S3\\norders-failures"),
    ("lambda", "success_target", "AWS Lambda\\norders-success"),
])
def test_each_destination_service_is_named_on_its_node(name, target, text):
    assert text in node(source(name), target)


def test_a_lambda_destination_shows_how_its_own_run_ended():
    assert "then ran: Success ×1" in node(source("lambda"), "success_target")


def test_a_fifo_target_is_drawn_as_a_blocked_delivery_with_its_reason():
    dot = source("fifo")
    delivery = edge(dot, "on_failure", "failure_target")
    assert f'color="{PURPLE}"' in delivery and "arrowhead=tee" in delivery
    assert "✗ delivery failed at 0.1 s" in delivery and "FIFO queues and topics are not supported" in delivery
    assert "peripheries=2" in node(dot, "failure_target")


def test_zero_reserved_concurrency_goes_to_on_failure_without_any_attempt():
    dot = source("zero_concurrency")
    assert "0 attempts: reserved concurrency is 0" in edge(dot, "queue", "function")
    failure = edge(dot, "function", "on_failure")
    assert taken(failure, VERMILLION) and "ZeroReservedConcurrency approximateInvokeCount 0" in failure
    assert taken(edge(dot, "function", "dlq"), VERMILLION)


def test_throttled_tries_are_drawn_going_back_on_the_queue_with_their_backoff():
    dot = source("throttled")
    requeue = edge(dot, "function", "queue")
    assert taken(requeue, ORANGE) and "5 throttled tries" in requeue and "backoff 1 s, 1 s, 2 s" in requeue
    assert "3 attempts for 3 events" in edge(dot, "queue", "function")
    assert "delivered at 2.5 s, 5.5 s, 9.5 s" in edge(dot, "on_success", "success_target")


def test_a_rejected_configuration_is_drawn_with_the_error_pointing_at_the_refused_setting():
    dot = source("setup_error")
    assert "InvalidParameterValueException" in node(dot, "setup_error")
    message = outcome("setup_error").setup_error.message
    assert message not in node(dot, "setup_error"), "the error box above the diagram holds the long message"
    assert message in describe_flowchart(outcome("setup_error"))
    assert taken(edge(dot, "setup_error", "success_target"), VERMILLION)
    assert "Amazon S3\\norders-success" in node(dot, "success_target")
    assert "not used: the configuration was rejected" in edge(dot, "trigger", "queue")
    assert not_used(edge(dot, "function", "on_success"))


# --- stepping through the run -----------------------------------------------------------------------------

def test_stepping_shows_only_what_has_happened_and_marks_the_current_edge():
    first = source("failure_sqs_sns_dlq", step=0)
    assert "▶ now: Event queued" in edge(first, "trigger", "queue")
    assert "penwidth=4.0" in edge(first, "trigger", "queue")
    assert "not used yet" in edge(first, "function", "on_failure")
    assert "1 attempt" not in edge(first, "queue", "function")
    second_attempt = source("failure_sqs_sns_dlq", step=4)
    assert "▶ now: Attempt 2 starts 2 attempts 0 s, 60.1 s" in edge(second_attempt, "queue", "function")


def test_the_last_step_marks_the_final_delivery():
    trace = outcome("failure_sqs_sns_dlq").trace
    dot = source("failure_sqs_sns_dlq", step=len(trace) - 1)
    assert "▶ now: Delivered to dead-letter queue" in edge(dot, "function", "dlq")
    assert taken(edge(dot, "on_failure", "failure_target"), VERMILLION)


@pytest.mark.parametrize("name", ["failure_sqs_sns_dlq", "sync_failure", "lambda", "throttled",
                                  "zero_concurrency"])
def test_every_step_marks_exactly_one_place_as_now(name):
    for index in range(len(outcome(name).trace)):
        assert source(name, step=index).count("▶ now") == 1


def test_a_step_past_either_end_is_held_to_the_trace():
    trace = outcome("success_sqs").trace
    assert source("success_sqs", step=99) == source("success_sqs", step=len(trace) - 1)
    assert source("success_sqs", step=-5) == source("success_sqs", step=0)


def test_the_drawing_is_laid_out_for_the_text_size_the_browser_draws():
    """Streamlit draws a chart's text at 9.6 units whatever the DOT says; boxes sized for more look empty."""
    assert RENDERED_FONT_SIZE == 9.6
    assert "fontsize=10" in source("success_sqs") and "fontsize=11" not in source("success_sqs")


def test_presenter_mode_lays_out_for_text_enlarged_with_the_page():
    """The presenter page is zoomed by PRESENTER_ZOOM, the chart's text with it: the layout must grow alike."""
    assert "fontsize=14" in source("success_sqs", presenter=True)
    assert drawing_sizes(True)[1] == pytest.approx(PRESENTER_ZOOM * drawing_sizes(False)[1])


def test_label_text_stays_literal_even_with_backslashes_and_angle_brackets():
    scenario = Scenario(behavior=BehaviorSpec(kind="fail", message="bad <b>order</b> \\ x"))
    dot = build_flowchart(scenario.run()).source
    assert "bad <b>order</b> \\\\ x" in node(dot, "function")


# --- the same diagram in words ----------------------------------------------------------------------------

def test_the_description_tells_attempts_outcome_and_where_each_result_went():
    text = describe_flowchart(outcome("failure_sqs_sns_dlq"))
    for fact in ("Amazon S3 (event notification) invokes the Lambda function orders asynchronously",
                 "ran 3 times, starting at 0 s, 60.1 s, 180.2 s", "2 retries were scheduled",
                 "RetriesExhausted (approximateInvokeCount 3)",
                 "delivered to the OnFailure destination, Amazon SQS queue orders-failures, at 180.3 s",
                 "original event was delivered to the dead-letter queue, Amazon SNS topic orders-dlq",
                 "No OnSuccess destination is configured"):
        assert fact in text


def test_the_description_of_a_sync_call_says_destinations_were_not_used_and_why():
    text = describe_flowchart(outcome("sync_api_gateway"))
    assert "Not used: the OnSuccess destination Amazon SQS queue orders-success" in text
    assert "apply only to asynchronous invocations" in text


def test_the_description_follows_the_record_into_a_lambda_destination():
    text = describe_flowchart(outcome("lambda"))
    assert "delivered to the OnSuccess destination, AWS Lambda function orders-success" in text
    assert "orders-success was invoked with the record as its event, and its own run ended: Success ×1" in text


def test_the_description_reports_failed_deliveries_throttles_and_setup_errors():
    assert "failed at 0.1 s: FIFO queues and topics are not supported" in describe_flowchart(outcome("fifo"))
    assert "5 tries were throttled" in describe_flowchart(outcome("throttled"))
    text = describe_flowchart(outcome("setup_error"))
    assert "rejected before anything was invoked: InvalidParameterValueException" in text


def test_the_description_follows_the_step():
    text = describe_flowchart(outcome("failure_sqs_sns_dlq"), step=4)
    assert "Showing step 5 of 12" in text and "Attempt 2 starts" in text
    assert "has not been reached yet" in text and "RetriesExhausted" not in text


def test_the_description_names_duplicate_copies_so_its_counts_add_up():
    run = Scenario(events=2, duplicate_rate=1.0, behavior=BehaviorSpec(kind="fail")).run()
    text = describe_flowchart(run)
    assert "2 invocations were accepted" in text and "delivered 2 duplicate copies" in text
    assert "4 events finished" in text


def test_the_description_says_a_target_is_fifo_or_missing_as_the_diagram_does():
    run = Scenario(behavior=BehaviorSpec(kind="fail"), on_failure=TargetSpec(service="sqs", fifo=True),
                   dead_letter=TargetSpec(service="sns", exists=False)).run()
    text = describe_flowchart(run)
    assert "orders-failures.fifo (FIFO, which is not supported as a target)" in text
    assert "orders-dlq (which does not exist)" in text


def test_on_the_last_step_the_description_says_so_instead_of_promising_later_steps():
    run = outcome("failure_sqs_sns_dlq")
    last = describe_flowchart(run, step=len(run.trace) - 1)
    assert "This is the last step." in last and "Later steps" not in last
    assert "Later steps are not shown yet." in describe_flowchart(run, step=0)


# --- the DOT text is what the graphviz package itself would write -------------------------------------------

def _written_by_graphviz(outcome, step: int | None, presenter: bool) -> str:
    """The same plan drawn through graphviz.Digraph's node/edge/attr calls: the reference for the fast path."""
    import graphviz

    from ui import flowchart as f

    plan = f._plan(f._seen(outcome, step))
    size, width = f.drawing_sizes(presenter)
    graph = graphviz.Digraph(build_flowchart(outcome, step, presenter).name)
    graph.attr(rankdir="TB", bgcolor="white", fontname="Helvetica", fontsize=size, nodesep="0.35",
               ranksep="0.6", label=f._label(f._wrap(f.legend(outcome), 90)), labelloc="b")
    graph.attr("node", fontname="Helvetica", fontsize=size, margin="0.15,0.08")
    graph.attr("edge", fontname="Helvetica", fontsize=size)
    for name, element in plan.nodes.items():
        graph.node(name, f._label(element.lines), **f._node_attrs(name, element, width))
    for (tail, head), element in plan.edges.items():
        extra = {"constraint": "false"} if (tail, head) == ("function", "queue") else {}
        graph.edge(tail, head, f._label(element.lines, f.EDGE_LABEL_WRAP), **f._edge_attrs(element, width), **extra)
    if "caller" in plan.nodes:
        with graph.subgraph() as beside:
            beside.attr(rank="same")
            beside.node("trigger")
            beside.node("caller")
    return graph.source


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_the_dot_text_is_exactly_what_the_graphviz_package_writes(name: str) -> None:
    run = outcome(name)
    for step in (None, 0, len(run.trace) // 2):
        for presenter in (False, True):
            assert build_flowchart(run, step, presenter).source == _written_by_graphviz(run, step, presenter)


@settings(max_examples=40, deadline=None)
@given(scenario=scenarios(rich_json=True))
def test_any_scenario_draws_the_same_dot_text_as_the_graphviz_package(scenario: Scenario) -> None:
    run = scenario.run()
    assert build_flowchart(run).source == _written_by_graphviz(run, None, False)


def test_each_different_drawing_has_its_own_graph_name_and_the_same_drawing_keeps_it() -> None:
    """So that the browser draws a changed diagram anew instead of animating it line by line (slow)."""
    run = outcome("failure_sqs_sns_dlq")
    names = {build_flowchart(run, step).name for step in range(len(run.trace))}
    assert len(names) == len({build_flowchart(run, step).source for step in range(len(run.trace))})
    assert build_flowchart(run, 2).name == build_flowchart(run, 2).name
    assert build_flowchart(run).name != build_flowchart(run, presenter=True).name
    assert all(name.startswith("flowchart_") for name in names)


def test_quotes_and_backslashes_in_names_are_quoted_as_the_graphviz_package_quotes_them() -> None:
    import graphviz.quoting

    from ui.flowchart import _dot_id

    for text in ['plain', 'two words', 'say "hi"', 'back\\\\slash', 'end\\\\"quote', 'node', '-4.2', '', 'é']:
        assert _dot_id(text) == graphviz.quoting.quote(graphviz.nohtml(text))


def test_reserved_concurrency_is_not_called_an_async_only_setting() -> None:
    """It limits synchronous calls too (they get a 429), unlike the retries and the event age."""
    run = Scenario(trigger="api_gateway", reserved_concurrency=0).run()
    function = node(build_flowchart(run).source, "function")
    assert function.index("reserved concurrency: 0") < function.index("async settings, unused by sync calls")
    assert ("reserved concurrency: 0 (it never runs); its async settings, which synchronous calls do not use, "
            "are retries 2 (default); max event age") in describe_flowchart(run)


def test_a_synchronous_call_is_described_as_received_not_accepted_and_ends_with_one_full_stop() -> None:
    text = describe_flowchart(outcome("sync_zero_concurrency"))
    assert "1 invocation was received" in text and "accepted" not in text
    assert "Rate Exceeded.." not in text and "Rate Exceeded." in text


def test_every_line_colour_stands_out_from_the_white_page_by_at_least_3_to_1():
    """WCAG 1.4.11 (non-text contrast): the lines carry the run's path, and projectors wash light ones out."""
    from ui import flowchart

    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in (flowchart.BLUE, flowchart.VERMILLION, flowchart.ORANGE, flowchart.PURPLE, flowchart.GREY):
        assert 1.05 / (luminance(colour) + 0.05) >= 3, colour
    assert 1.05 / (luminance(flowchart.GREY_TEXT) + 0.05) >= 4.5
