"""Home: what this app is, who it is for, and where to start."""

import streamlit as st

st.title("📬 Lambda Destinations Lab")
st.markdown(
    """
Learn how **AWS Lambda** handles **asynchronous invocations**: the internal event queue, retries, the
maximum event age, **Lambda Destinations** (OnSuccess / OnFailure to Amazon SQS, Amazon SNS,
Amazon EventBridge, AWS Lambda and Amazon S3) and **dead-letter queues**.

Everything runs in a simulated Lambda that follows AWS's documented behaviour, in virtual time: a
six-hour retry window takes milliseconds, and every run can be replayed exactly.

**Who it is for:** candidates for the AWS Certified Developer – Associate exam (DVA-C02), self-learners,
and teachers running classroom demos.

Nothing leaves your machine: no account, no AWS credentials, no tracking.
"""
)
st.header("Where to start")  # h2 under the page's h1: heading levels do not skip
st.page_link("ui/learn.py", label="Learn: 11 short lessons with live diagrams and goal-checked challenges", icon="📚")
st.page_link("ui/lab.py", label="Lab: build any scenario and watch what Lambda does, step by step", icon="🧪")
st.page_link("ui/practice.py", label="Practice: exam-style questions with a \"prove it\" run behind each answer",
             icon="📝")
st.page_link("ui/exam.py", label="Exam: a timed mock exam at the real exam's pace, with a full review", icon="⏱️")
st.page_link("ui/progress_page.py", label="Progress: what you have completed, and your exam history",
             icon="📈")
st.info(
    "The core idea in one sentence: a **synchronous** call returns the function's result or error to the "
    "caller, while an **asynchronous** call is queued, retried by Lambda, and its result can be sent to a "
    "**destination** — which is why destinations apply only to asynchronous invocations.",
    icon="💡",
)
st.caption(
    "Source for the behaviour simulated here: "
    "[Invoking a Lambda function asynchronously](https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html) "
    "and [Capturing records of asynchronous invocations]"
    "(https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html)."
)
