"""Lab: build a scenario, run it, and watch the flowchart, the timeline and every payload (see ui.lab_page)."""

from ui.lab_page import show

show()
