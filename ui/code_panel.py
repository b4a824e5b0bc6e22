"""Code: the boto3 script, AWS CLI commands and AWS SAM template that build the scenario for real."""

from __future__ import annotations

import streamlit as st

from engine.scenario import Scenario
from ui import export
from ui.lab_state import memo

#: What each tab shows, and how it is highlighted. Written once per scenario and session (see ``memo``).
_WRITERS = (("boto3", export.boto3_code, "python"), ("cli", export.cli_commands, "bash"),
            ("sam", export.sam_template, "yaml"))


def show_code(scenario: Scenario) -> None:
    st.caption("Create the same configuration in a real AWS account. Review before running: the code "
               "creates resources that may cost money.")
    tabs = st.tabs(["Python (boto3)", "AWS CLI", "AWS SAM template"])
    for tab, (kind, write, language) in zip(tabs, _WRITERS, strict=True):
        tab.code(memo(kind, scenario, None, lambda write=write: write(scenario)), language=language)
