"""Lambda Destinations Lab: page configuration and navigation, nothing else."""

import streamlit as st

st.set_page_config(page_title="Lambda Destinations Lab", page_icon="📬", layout="wide")

#: Contrast fixes for every page (WCAG 1.4.3, 4.5:1 for text), each still following the theme, light or dark:
#: - Streamlit draws captions at 60 % opacity, 3.9:1 on white; at 80 % they are about 7:1.
#: - Its code highlighting colours JSON keys, strings and numbers at 2.5-2.8:1 on the code block's grey. Mixed
#:   55/45 with the text colour (``currentColor``: dark in the light theme, light in the dark one), each keeps
#:   its hue at 5:1 or more.
_TOKENS = {"punctuation": "128 132 149", "property": "0 164 212", "operator": "237 111 19", "string": "9 171 59",
           "number": "41 176 157"}
#: (``!important``: Streamlit's own token rules are more specific than a page's.)
_CONTRAST = ('[data-testid="stCaptionContainer"] { opacity: 0.8; } '
             + " ".join(f"pre code .token.{name} {{ color: color-mix(in srgb, rgb({rgb}) 55%, currentColor) "
                        "!important; }" for name, rgb in _TOKENS.items()))
#: A sidebar holding nothing: no page links (they move into it on a narrow screen) and no element.
_EMPTY_SIDEBAR = ('[data-testid="stSidebar"]:not(:has([data-testid="stSidebarNav"], '
                  '[data-testid="stSidebarUserContent"] [data-testid="stElementContainer"]))')
#: The sidebar's two fixes:
#: - An empty one is not shown. Streamlit kept showing a sidebar, empty and 300 px wide, once a page had put
#:   something in it: on the Lab in presenter mode (the builder hidden), and now and then on Home after the Lab.
#: - A collapsed one is out of the keyboard's way: its links and fields stayed in the Tab order, focused where
#:   nobody could see them (WCAG 2.4.11).
_SIDEBAR = (f"{_EMPTY_SIDEBAR} {{ display: none; }} "
            f'[data-testid="stApp"]:has({_EMPTY_SIDEBAR}) [data-testid="stExpandSidebarButton"] {{ display: none; }} '
            '[data-testid="stSidebar"][data-collapsed="true"], [data-testid="stSidebar"][data-collapsed="true"] * '
            "{ visibility: hidden !important; }")  # every part: Streamlit sets some back to visible (Markdown links)
#: A field's "?" help icon is 1 rem, as Streamlit draws it, whatever the text size was when it was first drawn:
#: Streamlit sizes it once, in pixels, so after presenter mode (which enlarges the rem) it stayed large, and
#: when presenter mode came on it stayed small.
_HELP_ICONS = '[data-testid="stTooltipIcon"] svg { width: 1rem; height: 1rem; }'
#: An element that only runs a script of ours (``PAGE_SCRIPT``, ``ui.keep_in_view``) takes no room: shown, it
#: added the page's gap (1 rem) above the content. Streamlit lays out a style-only element out of the flow itself.
_SCRIPTS = '[data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > script) { display: none; }'
#: Where the keyboard is, drawn as a 2 px ring in a blue that stands out 5.5:1 on white and 3.4:1 on the dark
#: theme's background (WCAG 2.4.7, 1.4.11). Streamlit's own ring is a faint tint, and on a selected pill or
#: view it looked the same as no focus. A switch, tick box or option keeps its input hidden: its label is ringed.
#: A question or result that took the focus from a button the rerun removed (``ui.keep_in_view``) is ringed too.
#: (``!important``: Streamlit's rules for its buttons are more specific than a page's.)
FOCUS_COLOUR = "#1967d2"
_FOCUS = (':is(button, a, summary, [role="slider"], [data-testid="stMain"] [tabindex="-1"]):focus-visible '
          f"{{ outline: 2px solid {FOCUS_COLOUR} !important; outline-offset: 2px; }} "
          "label:has(input:is([type=checkbox], [type=radio]):focus-visible), "
          '[data-baseweb]:is([data-baseweb="select"], [data-baseweb="input"], [data-baseweb="textarea"])'
          f":has(:is(input, textarea):focus-visible) {{ outline: 2px solid {FOCUS_COLOUR}; outline-offset: 2px; "
          "border-radius: 0.25rem; }")
PAGE_STYLE = f"<style>{_CONTRAST} {_SIDEBAR} {_HELP_ICONS} {_SCRIPTS} {_FOCUS}</style>"
#: The page's script, once per page load:
#: - Copied text leaves out the soft hyphens that let a long AWS error name break between its words
#:   (``ui.markdown_text.breakable_error_names``): a name pasted into a search is the name AWS sends. A selection
#:   without one copies as the browser copies it.
#: - It notes what last had the keyboard's focus, so ``ui.keep_in_view`` can tell when a rerun removed it (a
#:   pressed Start or Submit) and catch the focus before the next Tab starts again at the top of the page.
PAGE_SCRIPT = """<script>
if (!window.__pageScript) {
  window.__pageScript = true;
  document.addEventListener("copy", (event) => {
    const text = String(document.getSelection());
    if (!text.includes("\\u00ad")) return;
    event.clipboardData.setData("text/plain", text.replaceAll("\\u00ad", ""));
    event.preventDefault();
  });
  document.addEventListener("focusin", (event) => { window.__lastFocused = event.target; });
}
</script>"""

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
st.html(PAGE_STYLE + PAGE_SCRIPT, unsafe_allow_javascript=True)  # one element: every rerun draws it
page.run()
