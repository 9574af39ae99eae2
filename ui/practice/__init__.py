"""The Practice page's Streamlit side, split by reason to change:

- `state`: the frozen flow state and the live room in `st.session_state`;
- `services`: the practice service, the vision analyzer factory, the live transcriber, warm-up;
- `setup`: the set-up form; `widgets`: question, summary, fallback answer, timers, meters;
- `browser`: snippets that run in the browser (read aloud, ticking clock);
- `actions`: what the buttons do (service call + flow transition);
- `live_loop`: the loops that update meters, timers and hints while streaming.

The decisions (flow, deadlines, verdicts, calibration maths) are in `core.practice.flow`
and `core.live.device`; the page `pages/practice.py` dispatches on the step.
"""
