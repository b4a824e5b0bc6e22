"""Streamlit pages and the widgets they share. Pages stay thin; logic lives in modules below them."""
