"""The Review page, one module per section (``app_pages/review.py`` runs them in page order).

- :mod:`.keys`: every ``st.session_state`` key the page uses, declared once;
- :mod:`.context`: the state of one run (project, service, current segment) and the actions every section shares
  (save, go to a segment, flash a message, refresh the QA run);
- :mod:`.filters`: the sidebar filters; :mod:`.segment_list`: position, the paginated list and navigation;
- :mod:`.source`: the source and saved target with glossary terms, QA spans and MQM marks;
- :mod:`.qa_panel`: QA findings with their one-click fixes; :mod:`.editor`: conflict view, editor, status buttons;
- :mod:`.candidates`, :mod:`.correction`, :mod:`.mqm_panel`, :mod:`.comments`, :mod:`.history`.
"""
