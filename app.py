"""Lambda Destinations Lab: page configuration and navigation, nothing else."""

import streamlit as st

st.set_page_config(page_title="Lambda Destinations Lab", page_icon="📬", layout="wide")

pages = [
    st.Page("ui/home.py", title="Home", icon="🏠", default=True),
]
st.navigation(pages).run()
