"""Code: the boto3 script, AWS CLI commands and AWS SAM template that build the scenario for real."""

from __future__ import annotations

import streamlit as st

from engine.scenario import Scenario
from ui import export


def show_code(scenario: Scenario) -> None:
    st.caption("Create the same configuration in a real AWS account. Review before running: the code "
               "creates resources that may cost money.")
    boto3_tab, cli_tab, sam_tab = st.tabs(["Python (boto3)", "AWS CLI", "AWS SAM template"])
    with boto3_tab:
        st.code(export.boto3_code(scenario), language="python")
    with cli_tab:
        st.code(export.cli_commands(scenario), language="bash")
    with sam_tab:
        st.code(export.sam_template(scenario), language="yaml")
