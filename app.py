"""Lambda Destinations Lab: page configuration and navigation, nothing else."""

import streamlit as st

from ui import every_page

st.set_page_config(page_title="Lambda Destinations Lab", page_icon="📬", layout="wide")

pages = [
    st.Page("ui/home.py", title="Home", icon="🏠", default=True),
    st.Page("ui/learn.py", title="Learn", icon="📚", url_path="learn"),
    st.Page("ui/lab.py", title="Lab", icon="🧪", url_path="lab"),
    st.Page("ui/practice.py", title="Practice", icon="📝", url_path="practice"),
    st.Page("ui/exam.py", title="Exam", icon="⏱️", url_path="exam"),
    st.Page("ui/progress_page.py", title="Progress", icon="📈", url_path="progress"),
]
# Navigation along the top, not in the sidebar: the sidebar's 300 px went to the Lab's diagram, whose text grew
# from 8 to 11.5 px on a 1280 px laptop. Pages that ask for a name still open the sidebar for it; on a phone
# the links fold into it.
page = st.navigation(pages, position="top")
# Each page's own title in the browser's tab and history, for screen readers too (WCAG 2.4.2).
st.set_page_config(page_title=f"{page.title} · Lambda Destinations Lab")
every_page.apply()  # its style and script
page.run()
